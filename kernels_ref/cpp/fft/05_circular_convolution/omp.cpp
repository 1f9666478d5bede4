#include <cmath>
#include <complex>
#include <cstddef>
#include <omp.h>
#include <utility>
#include <vector>

typedef std::complex<double> cplx;

static inline cplx mul(cplx a, cplx b) {
    return cplx(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}

// In-place iterative radix-2 FFT of x[0..n-1] (n a power of two) with the twiddles
// exp(sign * 2 pi i k / n). Called inside a parallel region: the bit-reversal permutation
// (the smaller index of each pair swaps) and each stage's n/2 butterflies are work-shared
// loops, whose implicit barriers separate the steps.
static void fft(cplx *x, long n, double sign, cplx *w) {
    if (n < 2) return;
    int bits = 0;
    while ((1L << bits) < n) ++bits;
#pragma omp for schedule(static)
    for (long i = 0; i < n; ++i) {
        long r = 0;
        for (int b = 0; b < bits; ++b) r |= ((i >> b) & 1L) << (bits - 1 - b);
        if (i < r) std::swap(x[i], x[r]);
    }
#pragma omp for schedule(static)
    for (long k = 0; k < n / 2; ++k) {
        const double a = sign * 2.0 * M_PI * (double)k / (double)n;
        w[k] = cplx(std::cos(a), std::sin(a));
    }
    for (long len = 2; len <= n; len <<= 1) {
        const long half = len / 2, step = n / len;
#pragma omp for schedule(static)
        for (long j = 0; j < n / 2; ++j) {
            const long k = j & (half - 1), i = ((j - k) << 1) + k;
            const cplx t = mul(w[k * step], x[i + half]), u = x[i];
            x[i] = u + t;
            x[i + half] = u - t;
        }
    }
}

// By the convolution theorem c = IDFT(DFT(a) DFT(b)). Both real inputs go through one
// complex FFT of z = a + i b: with Z = DFT(z), DFT(a)[k] = (Z[k] + conj(Z[-k])) / 2 and
// DFT(b)[k] = (Z[k] - conj(Z[-k])) / (2i), indices modulo n. The product's inverse FFT is
// real up to rounding; its real part divided by n is c.
void circular_convolution(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &c) {
    const long n = (long)a.size();
    if (n == 0) return;
    std::vector<cplx> z(n), p(n), w(n / 2 + 1);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long j = 0; j < n; ++j) z[j] = cplx(a[j], b[j]);
        fft(z.data(), n, -1.0, w.data());
#pragma omp for schedule(static)
        for (long k = 0; k < n; ++k) {
            const cplx zk = z[k], zm = std::conj(z[(n - k) & (n - 1)]);
            const cplx A = 0.5 * (zk + zm), B = cplx(0.0, -0.5) * (zk - zm);
            p[k] = mul(A, B);
        }
        fft(p.data(), n, 1.0, w.data());
#pragma omp for schedule(static)
        for (long k = 0; k < n; ++k) c[k] = p[k].real() / (double)n;
    }
}
