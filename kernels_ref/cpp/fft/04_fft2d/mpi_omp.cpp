#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <mpi.h>
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

// The 2-D DFT is separable: a 1-D FFT of every row, then of every column. Each rank
// transforms a block of rows; an allgather gives every rank all the transformed rows; each
// rank then transforms a block of columns (the rows and columns of a rank shared among its
// threads), packed column after column, and rank 0 gathers
// the packed blocks and unpacks them into a.
void fft2d(std::vector<std::complex<double>> &a, size_t rows, size_t cols) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rows == 0 || cols == 0) return;
    const std::vector<cplx> wc = twiddles(cols), wr = twiddles(rows);
    const long R = (long)rows, C = (long)cols;
    std::vector<int> counts(size), displs(size);
    // rows: block [R r / size, R (r + 1) / size) on rank r, 2 doubles per element
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(2 * C * (R * r / size));
        counts[r] = (int)(2 * C * (R * (r + 1) / size)) - displs[r];
    }
#pragma omp parallel for schedule(static)
    for (long i = R * rank / size; i < R * (rank + 1) / size; ++i) fft1(&a[i * C], cols, wc.data());
    double *flat = reinterpret_cast<double *>(a.data());
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, flat, counts.data(), displs.data(), MPI_DOUBLE, MPI_COMM_WORLD);
    // columns: block [C r / size, C (r + 1) / size) on rank r, packed column-major
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(2 * R * (C * r / size));
        counts[r] = (int)(2 * R * (C * (r + 1) / size)) - displs[r];
    }
    const long j0 = C * rank / size, j1 = C * (rank + 1) / size;
    std::vector<cplx> mine((size_t)((j1 - j0) * R));
#pragma omp parallel for schedule(static)
    for (long i = 0; i < R; ++i)
        for (long j = j0; j < j1; ++j) mine[(j - j0) * R + i] = a[i * C + j];
#pragma omp parallel for schedule(static)
    for (long j = j0; j < j1; ++j) fft1(&mine[(j - j0) * R], rows, wr.data());
    if (rank == 0) {
        std::vector<cplx> all((size_t)(R * C));
        MPI_Gatherv(mine.data(), counts[0], MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
#pragma omp parallel for schedule(static)
        for (long i = 0; i < R; ++i)
            for (long j = 0; j < C; ++j) a[i * C + j] = all[j * R + i];
    } else {
        MPI_Gatherv(mine.data(), counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    }
}
