// Wrong: the block stages its 16 x 16 tile of u in shared memory but has no __syncthreads() between writing the tile and reading the neighbours' entries from it.
#include <cstddef>

#define B 16

// One thread per grid point; the tile of u is kept in shared memory, neighbours outside the
// tile are read from global memory.
__global__ void jacobi2d(const double *u, double *u_new, size_t n) {
    __shared__ double t[B][B];
    const int tx = threadIdx.x, ty = threadIdx.y;
    const size_t i = (size_t)blockIdx.y * B + ty, j = (size_t)blockIdx.x * B + tx;
    if (i < n && j < n) t[ty][tx] = u[i * n + j];
    if (i == 0 || j == 0 || i + 1 >= n || j + 1 >= n) return;
    const double up = ty > 0 ? t[ty - 1][tx] : u[(i - 1) * n + j];
    const double down = ty < B - 1 ? t[ty + 1][tx] : u[(i + 1) * n + j];
    const double left = tx > 0 ? t[ty][tx - 1] : u[i * n + j - 1];
    const double right = tx < B - 1 ? t[ty][tx + 1] : u[i * n + j + 1];
    u_new[i * n + j] = 0.25 * (up + down + left + right);
}
