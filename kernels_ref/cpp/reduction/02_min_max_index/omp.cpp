#include <cstddef>
#include <cstdint>
#include <omp.h>
#include <vector>

// Each thread finds the first extremes of its block; the blocks are then combined in order,
// replacing a candidate only by a strictly better value, so ties keep the earliest block.
void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    const long n = (long)x.size();
    if (n == 0) {
        imin = imax = SIZE_MAX;
        return;
    }
    std::vector<long> lo(omp_get_max_threads(), -1), hi(lo.size(), -1);
    int used = 1;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long b = n * t / nt, e = n * (t + 1) / nt;
        if (b < e) {
            long l = b, h = b;
            double vl = x[b], vh = x[b];  // in registers, not reloaded as x[l]
            for (long i = b + 1; i < e; ++i) {
                const double v = x[i];
                if (v < vl) vl = v, l = i;
                if (v > vh) vh = v, h = i;
            }
            lo[t] = l, hi[t] = h;
        }
        if (t == 0) used = nt;
    }
    long l = -1, h = -1;
    for (int t = 0; t < used; ++t) {
        if (lo[t] < 0) continue;
        if (l < 0 || x[lo[t]] < x[l]) l = lo[t];
        if (h < 0 || x[hi[t]] > x[h]) h = hi[t];
    }
    imin = (size_t)l, imax = (size_t)h;
}
