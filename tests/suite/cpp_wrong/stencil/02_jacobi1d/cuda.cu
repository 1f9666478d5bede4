// Wrong: the guard i >= n - 1 wraps around for n = 0 (size_t), so with an empty array the threads of the block read u and write u_new past its end.
#include <cstddef>

// One thread per point; the end points (and threads past the end) do nothing.
__global__ void jacobi1d(const double *u, double *u_new, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i == 0 || i >= n - 1) return;
    u_new[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
}
