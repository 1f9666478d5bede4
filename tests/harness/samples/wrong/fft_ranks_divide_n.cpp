// fft over the ranks that assumes they divide n: right at 1, 2 and 4 ranks (every size is a power of two), wrong at 3
#include <mpi.h>
#include <cmath>
#include <complex>
#include <vector>

// MPI FFT, a decimation-in-time split over the ranks. Rank r transforms the subsequence
// x[r], x[r + P], x[r + 2P], ... (n / P elements); rank 0 gathers the P sub-transforms and combines
// them: X[k] = sum_r W^{r k} S_r[k mod (n / P)]. Assumes P divides n (true whenever n >= P "since
// both are powers of two") -- the bug: the prompt says the number of ranks need not be a power of two.
namespace {
using cd = std::complex<double>;
void fft_serial(std::vector<cd> &a) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const double ang = -2 * M_PI / (double)len;
        for (size_t i = 0; i < n; i += len)
            for (size_t k = 0; k < len / 2; ++k) {
                cd w(std::cos(ang * (double)k), std::sin(ang * (double)k));
                cd u = a[i + k], v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
            }
    }
}
}

void fft(std::vector<std::complex<double>> &x) {
    int rank, P;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &P);
    const size_t n = x.size();
    if (n < (size_t)P) {  // too small to split: rank 0 alone
        if (rank == 0) fft_serial(x);
        MPI_Barrier(MPI_COMM_WORLD);
        return;
    }
    const size_t m = n / P;
    std::vector<cd> sub(m);
    for (size_t j = 0; j < m; ++j) sub[j] = x[rank + (size_t)P * j];
    fft_serial(sub);
    std::vector<cd> all(rank == 0 ? (size_t)P * m : 0);
    MPI_Gather(sub.data(), (int)(2 * m), MPI_DOUBLE, all.data(), (int)(2 * m), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank != 0) return;
    for (size_t k = 0; k < n; ++k) {
        cd s = 0;
        for (int r = 0; r < P; ++r) {
            const double ang = -2 * M_PI * (double)((r * k) % n) / (double)n;
            s += cd(std::cos(ang), std::sin(ang)) * all[(size_t)r * m + k % m];
        }
        x[k] = s;
    }
}
