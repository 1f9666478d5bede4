#include <cstddef>

// One thread per point, Horner's rule; every thread reads the same coefficient at the same
// time, which the cache broadcasts.
__global__ void poly_eval(const double *c, int ncoef, const double *x, double *y, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const double t = x[i];
    double s = 0.0;
    for (int k = ncoef - 1; k >= 0; --k) s = fma(s, t, c[k]);
    y[i] = s;
}
