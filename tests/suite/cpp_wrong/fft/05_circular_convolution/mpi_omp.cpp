// WRONG: multiplies DFT(a) by conj(DFT(b)), which gives the circular cross-correlation sum_j a[j] b[(j - k) mod n] instead of the convolution.
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

// Radix-2 butterfly stages of lengths first_len, ..., n on x (n a power of two, the input
// already in bit-reversed order), twiddles exp(sign * 2 pi i k / len); each stage's n/2
// butterflies are one parallel loop.
static void stages(cplx *x, size_t n, size_t first_len, double sign) {
    if (first_len > n) return;
    std::vector<cplx> w(n / 2);
    const long nl = (long)n;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long k = 0; k < nl / 2; ++k) {
            const double a = sign * 2.0 * M_PI * (double)k / (double)n;
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

// One FFT of length n = P M over the ranks (decimation in time): the working rank r < P has
// filled y[bitrev(m)] with element m P + r of the input (M elements) and transforms it; in
// the bit-reversed order of the whole FFT that subsequence is block bitrev(r), so rank 0
// gathers the blocks into out and runs the last log2(P) stages.
static void dist_fft(std::vector<cplx> &y, std::vector<cplx> &out, size_t n, size_t P, int pbits, double sign,
                     int rank, int size) {
    const size_t M = n / P;
    std::vector<int> counts(size, 0), displs(size, 0);
    for (int r = 0; r < (int)P; ++r) {
        counts[r] = (int)(2 * M);
        displs[r] = (int)(2 * M * bit_reverse((size_t)r, pbits));
    }
    if ((size_t)rank < P) stages(y.data(), M, 2, sign);
    double *flat = reinterpret_cast<double *>(out.data());
    if (rank == 0) {
        std::copy(y.begin(), y.end(), out.begin());  // bitrev(0) = 0: rank 0's block comes first
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, flat, counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
        stages(out.data(), n, 2 * M, sign);
    } else {
        MPI_Gatherv(y.data(), counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
}

// By the convolution theorem c = IDFT(DFT(a) DFT(b)). Both real inputs go through one
// complex FFT of z = a + i b: with Z = DFT(z), DFT(a)[k] = (Z[k] + conj(Z[-k])) / 2 and
// DFT(b)[k] = (Z[k] - conj(Z[-k])) / (2i), indices modulo n. Z is computed over the ranks
// and broadcast; each working rank forms the product at its subsequence of indices and the
// inverse FFT runs over the ranks the same way; c is its real part divided by n.
void circular_convolution(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &c) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = a.size();
    if (n == 0) return;
    size_t P = 1;
    int pbits = 0, mbits = 0;
    while (2 * P <= (size_t)size && 2 * P <= n) P *= 2, ++pbits;
    const size_t M = n / P;
    while (((size_t)1 << mbits) < M) ++mbits;
    std::vector<cplx> y, Z(n);
    if ((size_t)rank < P) {
        y.resize(M);
#pragma omp parallel for schedule(static)
        for (long m = 0; m < (long)M; ++m)
            y[bit_reverse((size_t)m, mbits)] = cplx(a[(size_t)m * P + rank], b[(size_t)m * P + rank]);
    }
    dist_fft(y, Z, n, P, pbits, -1.0, rank, size);
    MPI_Bcast(Z.data(), (int)(2 * n), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if ((size_t)rank < P) {
#pragma omp parallel for schedule(static)
        for (long m = 0; m < (long)M; ++m) {
            const size_t k = (size_t)m * P + rank;
            const cplx zk = Z[k], zm = std::conj(Z[(n - k) & (n - 1)]);
            const cplx A = 0.5 * (zk + zm), B = cplx(0.0, -0.5) * (zk - zm);
            y[bit_reverse((size_t)m, mbits)] = mul(A, std::conj(B));
        }
    }
    dist_fft(y, Z, n, P, pbits, 1.0, rank, size);
    if (rank == 0) {
#pragma omp parallel for schedule(static)
        for (long k = 0; k < (long)n; ++k) c[k] = Z[k].real() / (double)n;
    }
}
