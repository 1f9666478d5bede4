#include <algorithm>
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

// w[k] = exp(-2 pi i k / n) for k < n/2, each from its own cos/sin
static std::vector<cplx> twiddles(size_t n) {
    std::vector<cplx> w(n / 2);
    for (size_t k = 0; k < n / 2; ++k) {
        const double a = -2.0 * M_PI * (double)k / (double)n;
        w[k] = cplx(std::cos(a), std::sin(a));
    }
    return w;
}

// In-place iterative radix-2 FFT of x[0..n-1] (n a power of two), w from twiddles(n).
static void fft1(cplx *x, size_t n, const cplx *w) {
    if (n < 2) return;
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j |= bit;
        if (i < j) std::swap(x[i], x[j]);
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

// The 2-D DFT is separable: a 1-D FFT of every row, then of every column, the rows and then
// the groups of 8 columns shared among the threads. Each thread copies its columns out
// (neighbouring columns share cache lines), transforms them and copies them back.
void fft2d(std::vector<std::complex<double>> &a, size_t rows, size_t cols) {
    if (rows == 0 || cols == 0) return;
    const std::vector<cplx> wc = twiddles(cols), wr = twiddles(rows);
    const long R = (long)rows, C = (long)cols, G = 8;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long i = 0; i < R; ++i) fft1(&a[i * C], cols, wc.data());
        std::vector<cplx> buf(G * rows);
#pragma omp for schedule(static)
        for (long j0 = 0; j0 < C; j0 += G) {
            const long g = std::min(G, C - j0);
            for (long i = 0; i < R; ++i)
                for (long c = 0; c < g; ++c) buf[c * R + i] = a[i * C + j0 + c];
            for (long c = 0; c < g; ++c) fft1(&buf[c * R], rows, wr.data());
            for (long i = 0; i < R; ++i)
                for (long c = 0; c < g; ++c) a[i * C + j0 + c] = buf[c * R + i];
        }
    }
}
