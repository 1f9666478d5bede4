#include <omp.h>
#include <vector>

// Private per-thread histograms (an array-section reduction), summed at the end: no atomics
// on the hot bins.
void int_histogram(const std::vector<int> &x, int bins, std::vector<long> &counts) {
    const long n = (long)x.size();
    long *c = counts.data();
    for (int b = 0; b < bins; ++b) c[b] = 0;
#pragma omp parallel for reduction(+ : c[:bins]) schedule(static)
    for (long i = 0; i < n; ++i) ++c[x[i]];
}
