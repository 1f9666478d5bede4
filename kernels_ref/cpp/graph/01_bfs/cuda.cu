#include <cstddef>

// One thread per vertex u: if u is on the current level, every unvisited target of its edges gets
// level + 1. Threads that find the same vertex write the same value, so the race is harmless.
__global__ void bfs(size_t n, const int *row_ptr, const int *col_idx, int *dist, int level, int *changed) {
    const size_t u = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (u >= n || dist[u] != level) return;
    bool any = false;
    for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
        const int v = col_idx[k];
        if (dist[v] == -1) {
            dist[v] = level + 1;
            any = true;
        }
    }
    if (any) *changed = 1;
}
