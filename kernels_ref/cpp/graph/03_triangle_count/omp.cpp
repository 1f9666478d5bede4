#include <algorithm>
#include <cstddef>
#include <omp.h>
#include <vector>

// The serial algorithm over the edges u-v with u < v (each triangle u < v < w found once, by merging
// the parts of the rows of u and v above v), its outer loop shared out among the threads. A triangle
// adds to three counters that other threads may be adding to: each thread counts into an array of its
// own, and the arrays are summed at the end.
void triangle_count(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count) {
    const int *c = col_idx.data();
    std::vector<std::vector<long long>> mine(omp_get_max_threads());
#pragma omp parallel
    {
        std::vector<long long> &local = mine[omp_get_thread_num()];
        local.assign(n, 0);
#pragma omp for schedule(dynamic, 256)
        for (long u = 0; u < (long)n; ++u) {
            const int *ub = c + row_ptr[u], *ue = c + row_ptr[u + 1];
            for (const int *pv = std::upper_bound(ub, ue, (int)u); pv < ue; ++pv) {
                const int v = *pv;
                const int *a = pv + 1, *be = c + row_ptr[v + 1];
                const int *b = std::upper_bound(c + row_ptr[v], be, v);
                while (a < ue && b < be) {
                    if (*a < *b) ++a;
                    else if (*b < *a) ++b;
                    else ++local[u], ++local[v], ++local[*a], ++a, ++b;
                }
            }
        }
#pragma omp for schedule(static)
        for (long v = 0; v < (long)n; ++v) {
            long long sum = 0;
            for (const auto &part : mine)
                if (!part.empty()) sum += part[v];
            count[v] = sum;
        }
    }
}
