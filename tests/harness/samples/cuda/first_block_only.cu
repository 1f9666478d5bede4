// Uses threadIdx.x alone: right for n <= 256 (one block), wrong for every larger size.
__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = threadIdx.x;
    if (i < n) z[i] = alpha * x[i] + y[i];
}
