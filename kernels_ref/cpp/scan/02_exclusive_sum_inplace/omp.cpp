#include <cstdint>
#include <omp.h>
#include <vector>

// Each thread sums its block, then (after a barrier) scans it starting from the total of the
// blocks before it.
void exclusive_sum_inplace(std::vector<int64_t> &x) {
    const long n = (long)x.size();
    std::vector<int64_t> total(omp_get_max_threads() + 1, 0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long b = n * t / nt, e = n * (t + 1) / nt;
        int64_t s = 0;
        for (long i = b; i < e; ++i) s += x[i];
        total[t] = s;
#pragma omp barrier
        s = 0;
        for (int u = 0; u < t; ++u) s += total[u];
        for (long i = b; i < e; ++i) {
            const int64_t v = x[i];
            x[i] = s;
            s += v;
        }
    }
}
