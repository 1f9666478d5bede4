// Wrong: uses 0 as the "unvisited" mark, so an edge back into the source overwrites dist[source].
#include <cstddef>
#include <vector>

void bfs(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, int source,
         std::vector<int> &dist) {
    for (size_t v = 0; v < n; ++v) dist[v] = 0;
    if (n == 0) return;
    std::vector<int> queue;
    queue.push_back(source);
    for (size_t head = 0; head < queue.size(); ++head) {
        const int u = queue[head];
        for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
            const int v = col_idx[k];
            if (dist[v] == 0) {
                dist[v] = dist[u] + 1;
                queue.push_back(v);
            }
        }
    }
    for (size_t v = 0; v < n; ++v)
        if (dist[v] == 0 && (int)v != source) dist[v] = -1;
}
