// Bellman-Ford capped at 64 rounds: a path that needs more rounds (relaxed against the vertex order) is left unfinished.
#include <vector>
#include <climits>
void sssp(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<int> &weight, int source, std::vector<long long> &dist) {
    for (size_t v = 0; v < n; ++v) dist[v] = LLONG_MAX;
    if (n == 0) return;
    dist[source] = 0;
    for (int it = 0; it < 64; ++it) { bool ch = false;   // Bellman-Ford, capped rounds
        for (size_t u = 0; u < n; ++u) if (dist[u] != LLONG_MAX) for (int k = row_ptr[u]; k < row_ptr[u+1]; ++k) {
            long long nd = dist[u] + weight[k]; if (nd < dist[col_idx[k]]) { dist[col_idx[k]] = nd; ch = true; } }
        if (!ch) break; }
}