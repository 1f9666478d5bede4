// wrong: starts every row of C from A[i * K] * B[j] (k = 0) before the loop over k, so K = 0 reads past the (empty) A and B instead of giving C = 0
#include <vector>
#include <cstddef>
void gemm(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C, size_t M, size_t K, size_t N) {
    for (size_t i = 0; i < M; ++i) {
        const double a0 = A[i * K];
        for (size_t j = 0; j < N; ++j) C[i * N + j] = a0 * B[j];
        for (size_t k = 1; k < K; ++k) {
            const double a = A[i * K + k];
            for (size_t j = 0; j < N; ++j) C[i * N + j] += a * B[k * N + j];
        }
    }
}
