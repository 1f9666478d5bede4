#include <algorithm>
#include <cstddef>
#include <vector>

// Every triangle u < v < w is found once, from its edge u-v, by merging the parts of the sorted
// rows of u and v above v; its three vertices each get one.
void triangle_count(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count) {
    for (size_t v = 0; v < n; ++v) count[v] = 0;
    const int *c = col_idx.data();
    for (size_t u = 0; u < n; ++u) {
        const int *ub = c + row_ptr[u], *ue = c + row_ptr[u + 1];
        for (const int *pv = std::upper_bound(ub, ue, (int)u); pv < ue; ++pv) {
            const int v = *pv;
            const int *a = pv + 1;  // u's neighbours above v
            const int *b = std::upper_bound(c + row_ptr[v], c + row_ptr[v + 1], v), *be = c + row_ptr[v + 1];
            while (a < ue && b < be) {
                if (*a < *b) ++a;
                else if (*b < *a) ++b;
                else {
                    ++count[u], ++count[v], ++count[*a];
                    ++a, ++b;
                }
            }
        }
    }
}
