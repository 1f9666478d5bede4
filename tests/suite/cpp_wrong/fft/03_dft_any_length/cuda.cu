// WRONG: the roots of unity come from single-precision sincospif (about 1e-7 relative error), far less accurate than the double-precision result asked for.
#include <cstddef>

// One thread per output bin k: X[k] = sum_j x[j] exp(-2 pi i m / n) with m = j k mod n.
__global__ void dft(const double2 *x, double2 *X, size_t n) {
    const size_t k = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n) return;
    double sr = 0, si = 0;
    size_t m = 0;
    for (size_t j = 0; j < n; ++j) {
        float s, c;
        sincospif(-2.0f * (float)m / (float)n, &s, &c);
        const double2 v = x[j];
        sr += v.x * c - v.y * s;
        si += v.x * s + v.y * c;
        m += k;
        if (m >= n) m -= n;
    }
    X[k] = make_double2(sr, si);
}
