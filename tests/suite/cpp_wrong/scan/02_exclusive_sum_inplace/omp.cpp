// wrong: the threads' block totals are kept in 32-bit ints, which overflow for these values
#include <cstdint>
#include <omp.h>
#include <vector>

void exclusive_sum_inplace(std::vector<int64_t> &x) {
    const long n = (long)x.size();
    std::vector<int> total(omp_get_max_threads() + 1, 0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long b = n * t / nt, e = n * (t + 1) / nt;
        int s = 0;
        for (long i = b; i < e; ++i) s += (int)x[i];
        total[t] = s;
#pragma omp barrier
        int64_t run = 0;
        for (int u = 0; u < t; ++u) run += total[u];
        for (long i = b; i < e; ++i) {
            const int64_t v = x[i];
            x[i] = run;
            run += v;
        }
    }
}
