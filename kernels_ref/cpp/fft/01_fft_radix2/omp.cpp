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

// Iterative radix-2 FFT. The bit-reversal permutation swaps each pair once (the smaller index
// does it), and every stage's n/2 butterflies are independent, so each is one parallel loop.
void fft(std::vector<std::complex<double>> &x) {
    const long n = (long)x.size();
    if (n < 2) return;
    int bits = 0;
    while ((1L << bits) < n) ++bits;
    std::vector<cplx> w(n / 2);
    cplx *a = x.data();
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long i = 0; i < n; ++i) {
            long r = 0;
            for (int b = 0; b < bits; ++b) r |= ((i >> b) & 1L) << (bits - 1 - b);
            if (i < r) std::swap(a[i], a[r]);
        }
#pragma omp for schedule(static)
        for (long k = 0; k < n / 2; ++k) {
            const double ang = -2.0 * M_PI * (double)k / (double)n;
            w[k] = cplx(std::cos(ang), std::sin(ang));
        }
        for (long len = 2; len <= n; len <<= 1) {
            const long half = len / 2, step = n / len;
#pragma omp for schedule(static)
            for (long j = 0; j < n / 2; ++j) {
                const long k = j & (half - 1), i = ((j - k) << 1) + k;
                const cplx t = mul(w[k * step], a[i + half]), u = a[i];
                a[i] = u + t;
                a[i + half] = u - t;
            }
        }
    }
}
