// Wrong: no bounds guard: the launch rounds n up to a multiple of 256, and the threads past the end write z[i] beyond its last element.
#include <cstddef>

// One thread per element (the grid is ceil(n / 256) blocks of 256).
__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    z[i] = alpha * x[i] + y[i];
}
