#include <climits>
#include <cstddef>

// One Bellman-Ford round: one thread per vertex u with a finite distance relaxes u's out-edges,
// lowering targets with atomicMin. Distances only fall and are lengths of real paths; a round
// that lowers nothing means they are the shortest.
__global__ void sssp(size_t n, const int *row_ptr, const int *col_idx, const int *weight, long long *dist,
                     int *changed) {
    const size_t u = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (u >= n) return;
    const long long du = dist[u];
    if (du == LLONG_MAX) return;
    bool lowered = false;
    for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
        const int v = col_idx[k];
        const long long nd = du + weight[k];
        if (nd < dist[v] && atomicMin(&dist[v], nd) > nd) lowered = true;
    }
    if (lowered) *changed = 1;
}
