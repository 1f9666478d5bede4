// Wrong: bottom-up BFS that scans v's own row for a parent, i.e. follows edges backwards (only right for symmetric graphs).
#include <cstddef>

__global__ void bfs(size_t n, const int *row_ptr, const int *col_idx, int *dist, int level, int *changed) {
    const size_t v = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (v >= n || dist[v] != -1) return;
    for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k)
        if (dist[col_idx[k]] == level) {
            dist[v] = level + 1;
            *changed = 1;
            return;
        }
}
