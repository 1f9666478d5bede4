// Launches the harness's own CUDA reference kernel instead of computing.
__global__ void axpy__hpcref_gpu(double alpha, const double *x, const double *y, double *z, size_t n);
__global__ void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) z[i] = alpha * x[i] + y[i];
}
static int hijack = [] { axpy__hpcref_gpu<<<1, 1>>>(0, nullptr, nullptr, nullptr, 0); return 0; }();
