// Wrong: union by rank labels each vertex with its set's root, which need not be the smallest vertex of the component.
#include <cstddef>
#include <utility>
#include <vector>

static int find_root(std::vector<int> &parent, int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

void connected_components(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                          std::vector<int> &label) {
    std::vector<int> parent(n), rank(n, 0);
    for (size_t v = 0; v < n; ++v) parent[v] = (int)v;
    for (size_t u = 0; u < n; ++u)
        for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
            int a = find_root(parent, (int)u), b = find_root(parent, col_idx[k]);
            if (a == b) continue;
            if (rank[a] < rank[b]) std::swap(a, b);
            parent[b] = a;
            if (rank[a] == rank[b]) ++rank[a];
        }
    for (size_t v = 0; v < n; ++v) label[v] = find_root(parent, (int)v);
}
