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

// Iterative radix-2 FFT with the conjugate twiddles exp(+2 pi i k / n), then scaling by 1/n.
// The bit-reversed copy of X into x, every stage's n/2 butterflies and the scaling are each
// one parallel loop.
void ifft(const std::vector<std::complex<double>> &X, std::vector<std::complex<double>> &x) {
    const long n = (long)X.size();
    if (n == 0) return;
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
            a[r] = X[i];
        }
#pragma omp for schedule(static)
        for (long k = 0; k < n / 2; ++k) {
            const double ang = 2.0 * M_PI * (double)k / (double)n;
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
        const double scale = 1.0 / (double)n;
#pragma omp for schedule(static)
        for (long i = 0; i < n; ++i) a[i] *= scale;
    }
}
