#include <cmath>
#include <omp.h>
#include <vector>

// Private per-thread histograms (an array-section reduction), summed at the end.
void range_histogram(const std::vector<double> &x, double lo, double hi, int bins, std::vector<long> &counts) {
    const double w = (hi - lo) / bins;
    const long n = (long)x.size();
    long *c = counts.data();
    for (int b = 0; b < bins; ++b) c[b] = 0;
#pragma omp parallel for reduction(+ : c[:bins]) schedule(static)
    for (long i = 0; i < n; ++i) {
        const double v = x[i];
        if (v >= lo && v < hi) ++c[(long)std::floor((v - lo) / w)];
    }
}
