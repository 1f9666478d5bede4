#include <cstddef>

// One thread per output bin k: X[k] = sum_j x[j] exp(-2 pi i m / n) with m = j k mod n,
// advanced by k modulo n as j grows; sincospi(-2 m / n) gives each root of unity accurately.
// All threads of a warp read the same x[j], which the cache broadcasts.
__global__ void dft(const double2 *x, double2 *X, size_t n) {
    const size_t k = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n) return;
    double sr = 0, si = 0;
    size_t m = 0;
    const double inv = 1.0 / (double)n;
    for (size_t j = 0; j < n; ++j) {
        double s, c;
        sincospi(-2.0 * (double)m * inv, &s, &c);
        const double2 v = x[j];
        sr += v.x * c - v.y * s;
        si += v.x * s + v.y * c;
        m += k;
        if (m >= n) m -= n;
    }
    X[k] = make_double2(sr, si);
}
