// __host__ __device__: a host function the driver's launch would call on the host; not a kernel.
__host__ __device__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    for (size_t i = 0; i < n; ++i) z[i] = alpha * x[i] + y[i];
}
