#include <cmath>
#include <complex>
#include <cstddef>
#include <utility>
#include <vector>

typedef std::complex<double> cplx;

static inline cplx mul(cplx a, cplx b) {
    return cplx(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}

// In-place iterative radix-2 FFT of x[0..n-1] (n a power of two) with the twiddles
// exp(sign * 2 pi i k / n), each from its own cos/sin.
static void fft(std::vector<cplx> &x, double sign) {
    const size_t n = x.size();
    if (n < 2) return;
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j |= bit;
        if (i < j) std::swap(x[i], x[j]);
    }
    std::vector<cplx> w(n / 2);
    for (size_t k = 0; k < n / 2; ++k) {
        const double a = sign * 2.0 * M_PI * (double)k / (double)n;
        w[k] = cplx(std::cos(a), std::sin(a));
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const size_t half = len / 2, step = n / len;
        for (size_t s = 0; s < n; s += len)
            for (size_t k = 0; k < half; ++k) {
                const cplx t = mul(w[k * step], x[s + half + k]), u = x[s + k];
                x[s + k] = u + t;
                x[s + half + k] = u - t;
            }
    }
}

// By the convolution theorem c = IDFT(DFT(a) DFT(b)). Both real inputs go through one
// complex FFT of z = a + i b: with Z = DFT(z), DFT(a)[k] = (Z[k] + conj(Z[-k])) / 2 and
// DFT(b)[k] = (Z[k] - conj(Z[-k])) / (2i), indices modulo n. The product's inverse FFT is
// real up to rounding; its real part divided by n is c.
void circular_convolution(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &c) {
    const size_t n = a.size();
    if (n == 0) return;
    std::vector<cplx> z(n), p(n);
    for (size_t j = 0; j < n; ++j) z[j] = cplx(a[j], b[j]);
    fft(z, -1.0);
    for (size_t k = 0; k < n; ++k) {
        const cplx zk = z[k], zm = std::conj(z[(n - k) & (n - 1)]);
        const cplx A = 0.5 * (zk + zm), B = cplx(0.0, -0.5) * (zk - zm);
        p[k] = mul(A, B);
    }
    fft(p, 1.0);
    for (size_t k = 0; k < n; ++k) c[k] = p[k].real() / (double)n;
}
