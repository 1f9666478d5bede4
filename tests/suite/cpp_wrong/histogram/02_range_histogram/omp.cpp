// Puts a value on an edge into the lower bin (ceil(...) - 1), so edges belong to the bin below.
#include <cmath>
#include <omp.h>
#include <vector>

void range_histogram(const std::vector<double> &x, double lo, double hi, int bins, std::vector<long> &counts) {
    const double w = (hi - lo) / bins;
    const long n = (long)x.size();
    long *c = counts.data();
    for (int b = 0; b < bins; ++b) c[b] = 0;
#pragma omp parallel for reduction(+ : c[:bins])
    for (long i = 0; i < n; ++i) {
        const double v = x[i];
        if (v >= lo && v < hi) ++c[std::max(0L, (long)std::ceil((v - lo) / w) - 1)];
    }
}
