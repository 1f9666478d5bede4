#include <cstddef>

// One thread per grid point: x runs along k (contiguous in memory), so a warp reads a row segment
// and its neighbours' rows coalesced; the block's 4 x 4 (j, i) rows share neighbours through the L1.
__global__ void heat3d(const double *u, double *u_new, size_t n, double alpha) {
    const size_t k = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const size_t j = (size_t)blockIdx.y * blockDim.y + threadIdx.y;
    const size_t i = (size_t)blockIdx.z * blockDim.z + threadIdx.z;
    if (i == 0 || j == 0 || k == 0 || i + 1 >= n || j + 1 >= n || k + 1 >= n) return;
    const size_t P = n * n, x = (i * n + j) * n + k;
    const double c = u[x];
    u_new[x] = c + alpha * (u[x - P] + u[x + P] + u[x - n] + u[x + n] + u[x - 1] + u[x + 1] - 6.0 * c);
}
