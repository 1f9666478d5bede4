// wrong: per-thread sums in a fixed array of 1024 bins, so more bins than that (5000, 100000) write and read past its end
#include <omp.h>
#include <vector>
void weighted_histogram(const std::vector<int> &keys, const std::vector<double> &weights, int bins, std::vector<double> &sums) {
    const long n = (long)keys.size();
    for (int b = 0; b < bins; ++b) sums[b] = 0.0;
#pragma omp parallel
    {
        double local[1024] = {0};
#pragma omp for nowait
        for (long i = 0; i < n; ++i) {
            const int k = keys[i];
            if (k >= 0 && k < bins) local[k] += weights[i];
        }
#pragma omp critical
        for (int b = 0; b < bins; ++b) sums[b] += local[b];
    }
}
