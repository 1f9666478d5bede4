#include <cstddef>
#include <vector>

// Queue-based BFS: each vertex is labelled when it is first reached, and the queue (dist order)
// guarantees that this is along a shortest path.
void bfs(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, int source,
         std::vector<int> &dist) {
    for (size_t v = 0; v < n; ++v) dist[v] = -1;
    if (n == 0) return;
    std::vector<int> queue(n);
    size_t head = 0, tail = 0;
    dist[source] = 0;
    queue[tail++] = source;
    while (head < tail) {
        const int u = queue[head++];
        const int next = dist[u] + 1;
        for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
            const int v = col_idx[k];
            if (dist[v] < 0) {
                dist[v] = next;
                queue[tail++] = v;
            }
        }
    }
}
