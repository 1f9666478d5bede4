// Does the work on the host: copies the inputs from the GPU, computes, copies the result back.
#include <vector>
void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    std::vector<double> hx(n), hy(n), hz(n);
    cudaMemcpy(hx.data(), x, n * sizeof(double), cudaMemcpyDeviceToHost);
    cudaMemcpy(hy.data(), y, n * sizeof(double), cudaMemcpyDeviceToHost);
    for (size_t i = 0; i < n; ++i) hz[i] = alpha * hx[i] + hy[i];
    cudaMemcpy(z, hz.data(), n * sizeof(double), cudaMemcpyHostToDevice);
}
