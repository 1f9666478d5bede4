#include <cmath>
#include <complex>
#include <cstddef>
#include <utility>
#include <vector>

typedef std::complex<double> cplx;

static inline cplx mul(cplx a, cplx b) {
    return cplx(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}

// Iterative radix-2 decimation-in-time FFT with the conjugate twiddles exp(+2 pi i k / n):
// the bit-reversed copy of X goes into x, then log2(n) stages of butterflies in place, then
// the scaling by 1/n (exact: n is a power of two). Each twiddle comes from its own cos/sin,
// so the error stays at a few ulps times log2(n).
void ifft(const std::vector<std::complex<double>> &X, std::vector<std::complex<double>> &x) {
    const size_t n = X.size();
    if (n == 0) return;
    for (size_t i = 0, j = 0; i < n; ++i) {
        x[j] = X[i];  // j = bitrev(i)
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j |= bit;
    }
    std::vector<cplx> w(n / 2);
    for (size_t k = 0; k < n / 2; ++k) {
        const double a = 2.0 * M_PI * (double)k / (double)n;
        w[k] = cplx(std::cos(a), std::sin(a));
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const size_t half = len / 2, step = n / len;
        for (size_t s = 0; s < n; s += len) {
            cplx *lo = &x[s], *hi = &x[s + half];
            for (size_t k = 0; k < half; ++k) {
                const cplx t = mul(w[k * step], hi[k]), u = lo[k];
                lo[k] = u + t;
                hi[k] = u - t;
            }
        }
    }
    const double scale = 1.0 / (double)n;
    for (size_t i = 0; i < n; ++i) x[i] *= scale;
}
