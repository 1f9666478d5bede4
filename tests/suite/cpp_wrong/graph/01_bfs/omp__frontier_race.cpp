// wrong: threads append to the next frontier through a shared counter without atomics, so appended vertices overwrite each other and are lost
#include <vector>
void bfs(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, int source, std::vector<int> &dist) {
    for (size_t v = 0; v < n; ++v) dist[v] = -1;
    if (n == 0) return;
    std::vector<int> cur(n), next(n);
    long nc = 1, nn;
    cur[0] = source;
    dist[source] = 0;
    for (int level = 1; nc > 0; ++level) {
        nn = 0;
#pragma omp parallel for
        for (long i = 0; i < nc; ++i) {
            int u = cur[i];
            for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                int v = col_idx[k];
                if (dist[v] == -1) {
                    dist[v] = level;
                    next[nn++] = v;
                }
            }
        }
        cur.swap(next);
        nc = nn;
    }
}
