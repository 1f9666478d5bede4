#include <cstddef>
#include <omp.h>
#include <vector>

// Each thread counts the kept elements of its block; an exclusive scan of the counts (in
// thread order) gives each block's first slot in out, and the threads copy in parallel.
void select_greater(const std::vector<double> &x, double threshold, std::vector<double> &out) {
    const long n = (long)x.size();
    std::vector<size_t> count(omp_get_max_threads() + 1, 0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long b = n * t / nt, e = n * (t + 1) / nt;
        size_t c = 0;
        for (long i = b; i < e; ++i) c += x[i] > threshold;
        count[t] = c;
#pragma omp barrier
#pragma omp single
        {
            size_t total = 0;
            for (int u = 0; u < nt; ++u) {
                const size_t cu = count[u];
                count[u] = total;
                total += cu;
            }
            out.resize(total);
        }
        size_t k = count[t];
        for (long i = b; i < e; ++i)
            if (x[i] > threshold) out[k++] = x[i];
    }
}
