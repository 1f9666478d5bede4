// Wrong: relaxes edges out of unreached vertices too, so LLONG_MAX + weight wraps around to a negative distance.
#include <climits>
#include <cstddef>

__global__ void sssp(size_t n, const int *row_ptr, const int *col_idx, const int *weight, long long *dist,
                     int *changed) {
    const size_t u = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (u >= n) return;
    const long long du = dist[u];
    for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
        const long long nd = du + weight[k];
        if (nd < dist[col_idx[k]]) {
            atomicMin(&dist[col_idx[k]], nd);
            *changed = 1;
        }
    }
}
