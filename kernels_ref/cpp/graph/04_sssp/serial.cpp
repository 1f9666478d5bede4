#include <climits>
#include <cstddef>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

// Dijkstra with a binary heap and lazy deletion: a popped entry whose distance is no longer the
// vertex's current one is stale and skipped.
void sssp(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<int> &weight,
          int source, std::vector<long long> &dist) {
    for (size_t v = 0; v < n; ++v) dist[v] = LLONG_MAX;
    if (n == 0) return;
    using Entry = std::pair<long long, int>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
    dist[source] = 0;
    heap.push({0, source});
    while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (d != dist[u]) continue;
        for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
            const int v = col_idx[k];
            const long long nd = d + weight[k];
            if (nd < dist[v]) {
                dist[v] = nd;
                heap.push({nd, v});
            }
        }
    }
}
