// Wrong: to avoid atomics, each triangle u < v < w is credited only to its smallest vertex u, not to all three.
#include <algorithm>
#include <cstddef>
#include <omp.h>
#include <vector>

void triangle_count(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count) {
    const int *c = col_idx.data();
#pragma omp parallel for schedule(dynamic, 64)
    for (long u = 0; u < (long)n; ++u) {
        long long t = 0;
        const int *ub = c + row_ptr[u], *ue = c + row_ptr[u + 1];
        for (const int *pv = std::upper_bound(ub, ue, (int)u); pv < ue; ++pv) {
            const int v = *pv;
            const int *a = pv + 1, *b = std::upper_bound(c + row_ptr[v], c + row_ptr[v + 1], v), *be = c + row_ptr[v + 1];
            while (a < ue && b < be) {
                if (*a < *b) ++a;
                else if (*b < *a) ++b;
                else ++t, ++a, ++b;
            }
        }
        count[u] = t;
    }
}
