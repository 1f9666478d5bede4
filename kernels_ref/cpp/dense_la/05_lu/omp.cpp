#include <algorithm>
#include <cstddef>
#include <omp.h>
#include <vector>

// Right-looking elimination in blocks of B rows, three parallel phases per block (so three
// barriers per block rather than one per row):
//   1. one thread factors the block's diagonal B x B part;
//   2. the threads share out the columns right of it and finish the block's rows there (U);
//   3. the threads share out the rows below the block and eliminate the block's columns.
// Each entry sees the same updates, in the same order, as in the unblocked algorithm.
void lu(std::vector<double> &A, size_t n) {
    const long B = 32, W = 64, N = (long)n;
    std::vector<double> inv(B);
#pragma omp parallel
    for (long kb = 0; kb < N; kb += B) {
        const long ke = std::min(N, kb + B);
#pragma omp single
        for (long k = kb; k < ke; ++k) {
            inv[k - kb] = 1.0 / A[k * n + k];
            for (long r = k + 1; r < ke; ++r) {
                const double l = A[r * n + k] * inv[k - kb];
                A[r * n + k] = l;
                for (long j = k + 1; j < ke; ++j) A[r * n + j] -= l * A[k * n + j];
            }
        }
#pragma omp for schedule(static)
        for (long j0 = ke; j0 < N; j0 += W) {
            const long j1 = std::min(N, j0 + W);
            for (long k = kb; k < ke; ++k)
                for (long r = k + 1; r < ke; ++r) {
                    const double l = A[r * n + k];
                    for (long j = j0; j < j1; ++j) A[r * n + j] -= l * A[k * n + j];
                }
        }
#pragma omp for schedule(static)
        for (long i = ke; i < N; ++i) {
            double *ri = &A[i * n];
            for (long k = kb; k < ke; ++k) {
                const double *rk = &A[k * n];
                const double l = ri[k] * inv[k - kb];
                ri[k] = l;
                for (long j = k + 1; j < N; ++j) ri[j] -= l * rk[j];
            }
        }
    }
}
