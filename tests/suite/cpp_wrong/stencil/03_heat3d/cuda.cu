// Wrong: the boundary test forgets k == n-1 (the fastest index), so the last interior-row point of every row is updated too, with the first point of the next row as its k+1 neighbour.
#include <cstddef>

__global__ void heat3d(const double *u, double *u_new, size_t n, double alpha) {
    const size_t k = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const size_t j = (size_t)blockIdx.y * blockDim.y + threadIdx.y;
    const size_t i = (size_t)blockIdx.z * blockDim.z + threadIdx.z;
    if (i == 0 || j == 0 || k == 0 || i + 1 >= n || j + 1 >= n || k >= n) return;
    const size_t x = (i * n + j) * n + k;
    u_new[x] = u[x] + alpha * (u[x - n * n] + u[x + n * n] + u[x - n] + u[x + n] + u[x - 1] + u[x + 1] - 6.0 * u[x]);
}
