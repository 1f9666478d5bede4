// wrong: merges the threads' block results with <= and >=, so a tie between blocks goes to the later block instead of the first position
#include <cstddef>
#include <cstdint>
#include <omp.h>
#include <vector>

void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    const long n = (long)x.size();
    imin = imax = SIZE_MAX;
    if (n == 0) return;
    std::vector<long> lo(omp_get_max_threads(), -1), hi(lo.size(), -1);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        for (long i = n * t / nt; i < n * (t + 1) / nt; ++i) {
            if (lo[t] < 0 || x[i] < x[lo[t]]) lo[t] = i;
            if (hi[t] < 0 || x[i] > x[hi[t]]) hi[t] = i;
        }
    }
    long l = -1, h = -1;
    for (size_t t = 0; t < lo.size(); ++t) {
        if (lo[t] < 0) continue;
        if (l < 0 || x[lo[t]] <= x[l]) l = lo[t];
        if (h < 0 || x[hi[t]] >= x[h]) h = hi[t];
    }
    imin = (size_t)l, imax = (size_t)h;
}
