#include <omp.h>
#include <vector>

// Per-thread sums (an array reduction), combined at the end.
void weighted_histogram(const std::vector<int> &keys, const std::vector<double> &weights, int bins,
                        std::vector<double> &sums) {
    const long n = (long)keys.size();
    double *s = sums.data();
    for (int b = 0; b < bins; ++b) s[b] = 0.0;
#pragma omp parallel for reduction(+ : s[:bins]) schedule(static)
    for (long i = 0; i < n; ++i) {
        const int k = keys[i];
        if (k >= 0 && k < bins) s[k] += weights[i];
    }
}
