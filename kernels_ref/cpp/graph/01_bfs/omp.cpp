#include <cstddef>
#include <omp.h>
#include <vector>

// Level-synchronous top-down BFS. The threads share the frontier; a thread claims an unvisited
// vertex with a compare-and-swap on dist (-1 -> level + 1), so each vertex enters exactly one
// thread's list of the next frontier. The lists are then concatenated. Small frontiers (a long
// path) are expanded without a parallel region.
void bfs(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, int source,
         std::vector<int> &dist) {
#pragma omp parallel for schedule(static)
    for (long v = 0; v < (long)n; ++v) dist[v] = -1;
    if (n == 0) return;
    dist[source] = 0;
    std::vector<int> frontier{source}, next;
    std::vector<std::vector<int>> found(omp_get_max_threads());
    for (int level = 0; !frontier.empty(); ++level) {
        for (auto &f : found) f.clear();
        const long size = (long)frontier.size();
        if (size <= 512) {
            for (long i = 0; i < size; ++i) {
                const int u = frontier[i];
                for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k)
                    if (dist[col_idx[k]] == -1) {
                        dist[col_idx[k]] = level + 1;
                        found[0].push_back(col_idx[k]);
                    }
            }
        } else {
#pragma omp parallel
            {
                std::vector<int> &mine = found[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 64)
                for (long i = 0; i < size; ++i) {
                    const int u = frontier[i];
                    for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                        const int v = col_idx[k];
                        int expected = -1;
                        if (__atomic_load_n(&dist[v], __ATOMIC_RELAXED) == -1 &&
                            __atomic_compare_exchange_n(&dist[v], &expected, level + 1, false, __ATOMIC_RELAXED,
                                                        __ATOMIC_RELAXED))
                            mine.push_back(v);
                    }
                }
            }
        }
        next.clear();
        for (auto &f : found) next.insert(next.end(), f.begin(), f.end());
        frontier.swap(next);
    }
}
