// Host code with the kernel's name and parameters: no __global__, so nothing runs on the GPU.
void axpy(double alpha, const double *x, const double *y, double *z, size_t n) {
    for (size_t i = 0; i < n; ++i) z[i] = alpha * x[i] + y[i];
}
