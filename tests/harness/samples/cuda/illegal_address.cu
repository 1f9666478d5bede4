// Writes 8 TiB past the output: the kernel faults (a runtime error, not a wrong answer).
__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) z[i + ((size_t)1 << 40)] = alpha * x[i] + y[i];
}
