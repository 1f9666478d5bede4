// wrong: rank 0 gathers rank r's sub-transform into block r instead of block bitrev(r) of the bit-reversed order the last butterfly stages expect, which is the same only for P <= 2 working ranks
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

static size_t bit_reverse(size_t i, int bits) {
    size_t r = 0;
    for (int b = 0; b < bits; ++b) r |= ((i >> b) & 1) << (bits - 1 - b);
    return r;
}

// Radix-2 butterfly stages (each stage's n/2 butterflies in one parallel loop) of lengths first_len, 2 first_len, ..., n on x (n a power of two),
// with the conjugate twiddles exp(+2 pi i k / len).
static void stages(cplx *x, size_t n, size_t first_len) {
    if (first_len > n) return;
    std::vector<cplx> w(n / 2);
    const long nl = (long)n;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long k = 0; k < nl / 2; ++k) {
            const double a = 2.0 * M_PI * (double)k / (double)n;
            w[k] = cplx(std::cos(a), std::sin(a));
        }
        for (long len = (long)first_len; len <= nl; len <<= 1) {
            const long half = len / 2, step = nl / len;
#pragma omp for schedule(static)
            for (long j = 0; j < nl / 2; ++j) {
                const long k = j & (half - 1), i = ((j - k) << 1) + k;
                const cplx t = mul(w[k * step], x[i + half]), u = x[i];
                x[i] = u + t;
                x[i + half] = u - t;
            }
        }
    }
}

// The inverse transform, scaled by 1/n at the end on rank 0. With P working ranks (a power of two, at most
// the number of ranks and at most n) and M = n / P, rank r transforms x[r], x[r + P], ... (length M);
// rank 0 gathers the sub-transforms and finishes with the last log2(P) butterfly stages.
void ifft(const std::vector<std::complex<double>> &X, std::vector<std::complex<double>> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = X.size();
    if (n == 0) return;
    size_t P = 1;
    int pbits = 0;
    while (2 * P <= (size_t)size && 2 * P <= n) P *= 2, ++pbits;
    const size_t M = n / P;
    std::vector<int> counts(size, 0), displs(size, 0);
    for (int r = 0; r < (int)P; ++r) {
        counts[r] = (int)(2 * M);
        displs[r] = (int)(2 * M * (size_t)r);
    }
    std::vector<cplx> y;
    if ((size_t)rank < P) {
        y.resize(M);
        int mbits = 0;
        while (((size_t)1 << mbits) < M) ++mbits;
#pragma omp parallel for schedule(static)
        for (long m = 0; m < (long)M; ++m) y[bit_reverse((size_t)m, mbits)] = X[(size_t)m * P + (size_t)rank];
        stages(y.data(), M, 2);
    }
    if (rank == 0) {
        std::copy(y.begin(), y.end(), x.begin());  // bitrev(0) = 0: rank 0's block comes first
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
        stages(x.data(), n, 2 * M);
        const double scale = 1.0 / (double)n;
#pragma omp parallel for schedule(static)
        for (long i = 0; i < (long)n; ++i) x[i] *= scale;
    } else {
        MPI_Gatherv(y.data(), counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
}
