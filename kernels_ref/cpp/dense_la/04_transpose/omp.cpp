#include <algorithm>
#include <cstddef>
#include <omp.h>
#include <vector>

// Tiles of 32 x 32; the threads share out the tile rows of A.
void transpose(const std::vector<double> &A, std::vector<double> &B, size_t M, size_t N) {
    const long T = 32;
#pragma omp parallel for schedule(static)
    for (long i0 = 0; i0 < (long)M; i0 += T)
        for (long j0 = 0; j0 < (long)N; j0 += T) {
            const long i1 = std::min((long)M, i0 + T), j1 = std::min((long)N, j0 + T);
            for (long i = i0; i < i1; ++i)
                for (long j = j0; j < j1; ++j) B[j * M + i] = A[i * N + j];
        }
}
