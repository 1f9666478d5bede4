// wrong: the first of a rank's row blocks below block t is found with (rank - t - 1) % size, which is negative in C++ when rank < t + 1, so such a rank starts at a block at or above t (re-eliminating finished rows) or skips one of its own blocks
#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Right-looking elimination in blocks of B rows, dealt out cyclically (block t belongs to rank
// t % size) so that the shrinking trailing matrix stays balanced. For block t, its owner
// finishes the block's rows (the diagonal part, then the part of U right of it) and
// broadcasts them; then every rank eliminates the block's columns from its own rows below.
// Every block reaches every rank as it is finished, so rank 0 ends with the whole result.
// Each entry sees the same updates, in the same order, as in the unblocked algorithm.
void lu(std::vector<double> &A, size_t n) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long B = 32, W = 64, N = (long)n;
    std::vector<double> inv(B);
    std::vector<long> rows;
    for (long kb = 0, t = 0; kb < N; kb += B, ++t) {
        const long ke = std::min(N, kb + B);
        const int owner = (int)(t % size);
        if (rank == owner) {
            for (long k = kb; k < ke; ++k) {
                const double iv = 1.0 / A[k * n + k];
                for (long r = k + 1; r < ke; ++r) {
                    const double l = A[r * n + k] * iv;
                    A[r * n + k] = l;
                    for (long j = k + 1; j < ke; ++j) A[r * n + j] -= l * A[k * n + j];
                }
            }
#pragma omp parallel for schedule(static)
            for (long j0 = ke; j0 < N; j0 += W) {
                const long j1 = std::min(N, j0 + W);
                for (long k = kb; k < ke; ++k)
                    for (long r = k + 1; r < ke; ++r) {
                        const double l = A[r * n + k];
                        for (long j = j0; j < j1; ++j) A[r * n + j] -= l * A[k * n + j];
                    }
            }
        }
        MPI_Bcast(&A[kb * n], (int)((ke - kb) * N), MPI_DOUBLE, owner, MPI_COMM_WORLD);
        for (long k = kb; k < ke; ++k) inv[k - kb] = 1.0 / A[k * n + k];
        // my rows below this block: the rows of my blocks t + 1 + ((rank - t - 1) mod size), ...
        rows.clear();
        for (long u = t + 1 + (rank - t - 1) % size; u * B < N; u += size)
            for (long i = u * B; i < std::min(N, (u + 1) * B); ++i) rows.push_back(i);
#pragma omp parallel for schedule(static)
        for (long m = 0; m < (long)rows.size(); ++m) {
            double *ri = &A[rows[m] * n];
            for (long k = kb; k < ke; ++k) {
                const double *rk = &A[k * n];
                const double l = ri[k] * inv[k - kb];
                ri[k] = l;
                for (long j = k + 1; j < N; ++j) ri[j] -= l * rk[j];
            }
        }
    }
}
