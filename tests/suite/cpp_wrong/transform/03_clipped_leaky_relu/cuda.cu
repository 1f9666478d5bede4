// Clips with fmax / fmin, which drop a NaN operand: NaN inputs come out as 0 instead of NaN.
#include <cstddef>

__global__ void clipped_leaky_relu(const double *x, double alpha, double cap, double *y, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = fmin(fmax(x[i], 0.0), cap) + alpha * fmin(x[i], 0.0);
}
