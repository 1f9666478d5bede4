// Does not compile: a missing semicolon.
__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x
    if (i < n) z[i] = alpha * x[i] + y[i];
}
