// wrong: accumulates into C without zeroing it first, so whatever C held before the call is added in
#include <cstddef>
#include <omp.h>
#include <vector>

void gemm(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C, size_t M, size_t K,
          size_t N) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < (long)M; ++i)
        for (size_t k = 0; k < K; ++k) {
            const double a = A[i * K + k];
            for (size_t j = 0; j < N; ++j) C[i * N + j] += a * B[k * N + j];
        }
}
