#include <algorithm>
#include <cstddef>
#include <vector>

// Tiles of 32 x 32: a tile of A and a tile of B both stay in cache while it is copied.
void transpose(const std::vector<double> &A, std::vector<double> &B, size_t M, size_t N) {
    const size_t T = 32;
    for (size_t i0 = 0; i0 < M; i0 += T)
        for (size_t j0 = 0; j0 < N; j0 += T) {
            const size_t i1 = std::min(M, i0 + T), j1 = std::min(N, j0 + T);
            for (size_t i = i0; i < i1; ++i)
                for (size_t j = j0; j < j1; ++j) B[j * M + i] = A[i * N + j];
        }
}
