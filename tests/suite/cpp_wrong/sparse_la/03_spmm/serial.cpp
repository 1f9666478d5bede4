// wrong: reads B as if it were stored column-major (B[c * N + j] instead of B[j * K + c])
#include <cstddef>
#include <vector>

void spmm(size_t M, size_t N, size_t K, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &B, std::vector<double> &C) {
    for (size_t i = 0; i < M; ++i)
        for (size_t t = 0; t < K; ++t) {
            double sum = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) sum += values[k] * B[t * N + col_idx[k]];
            C[i * K + t] = sum;
        }
}
