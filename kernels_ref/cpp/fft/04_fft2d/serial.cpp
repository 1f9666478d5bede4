#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
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

// The 2-D DFT is separable: a 1-D FFT of every row, then of every column. Columns are
// copied out in groups of 8 (neighbouring columns share cache lines), transformed, and
// copied back.
void fft2d(std::vector<std::complex<double>> &a, size_t rows, size_t cols) {
    if (rows == 0 || cols == 0) return;
    const std::vector<cplx> wc = twiddles(cols), wr = twiddles(rows);
    for (size_t i = 0; i < rows; ++i) fft1(&a[i * cols], cols, wc.data());
    const size_t G = 8;
    std::vector<cplx> buf(G * rows);
    for (size_t j0 = 0; j0 < cols; j0 += G) {
        const size_t g = std::min(G, cols - j0);
        for (size_t i = 0; i < rows; ++i)
            for (size_t c = 0; c < g; ++c) buf[c * rows + i] = a[i * cols + j0 + c];
        for (size_t c = 0; c < g; ++c) fft1(&buf[c * rows], rows, wr.data());
        for (size_t i = 0; i < rows; ++i)
            for (size_t c = 0; c < g; ++c) a[i * cols + j0 + c] = buf[c * rows + i];
    }
}
