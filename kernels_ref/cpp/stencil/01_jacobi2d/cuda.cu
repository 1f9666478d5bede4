#include <cstddef>

// One thread per grid point; x runs along a row, so neighbouring threads read neighbouring columns.
__global__ void jacobi2d(const double *u, double *u_new, size_t n) {
    const size_t i = (size_t)blockIdx.y * blockDim.y + threadIdx.y, j = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i == 0 || j == 0 || i + 1 >= n || j + 1 >= n) return;
    u_new[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
}
