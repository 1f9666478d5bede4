// Forgets the bounds check: threads past n write past the end of z (caught by the guard region).
__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    z[i] = alpha * (i < n ? x[i] : 0.0) + (i < n ? y[i] : 0.0);
}
