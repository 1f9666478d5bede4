// wrong: per-thread counts in a fixed array of 2048 bins, so more bins than that (5000, 100000) write and read past its end
#include <omp.h>
#include <vector>
void int_histogram(const std::vector<int> &x, int bins, std::vector<long> &counts) {
    const long n = (long)x.size();
    for (int b = 0; b < bins; ++b) counts[b] = 0;
#pragma omp parallel
    {
        long local[2048] = {0};  // enough bins for typical histograms
#pragma omp for nowait
        for (long i = 0; i < n; ++i) ++local[x[i]];
#pragma omp critical
        for (int b = 0; b < bins; ++b) counts[b] += local[b];
    }
}
