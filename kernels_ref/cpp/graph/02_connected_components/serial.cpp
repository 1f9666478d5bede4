#include <cstddef>
#include <vector>

// Union-find in which the larger root is always linked under the smaller one, so every root is
// the smallest vertex of its set; finds halve their paths.
static int find_root(std::vector<int> &parent, int x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

void connected_components(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                          std::vector<int> &label) {
    std::vector<int> parent(n);
    for (size_t v = 0; v < n; ++v) parent[v] = (int)v;
    for (size_t u = 0; u < n; ++u)
        for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
            const int v = col_idx[k];
            if (v <= (int)u) continue;  // each edge is stored in both rows: take it once
            int a = find_root(parent, (int)u), b = find_root(parent, v);
            if (a == b) continue;
            if (a > b) std::swap(a, b);
            parent[b] = a;
        }
    for (size_t v = 0; v < n; ++v) label[v] = find_root(parent, (int)v);
}
