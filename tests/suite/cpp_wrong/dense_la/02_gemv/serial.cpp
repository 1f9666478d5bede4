// wrong: reads A as if it were stored column-major (A[j * M + i]), so it computes A^T x on the same buffer
#include <cstddef>
#include <vector>

void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
    for (size_t i = 0; i < M; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[j * M + i] * x[j];
        y[i] = sum;
    }
}
