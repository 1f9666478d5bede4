// wrong: skips the rows of A that have no nonzeros, leaving their rows of C unwritten instead of zero
#include <cstddef>
#include <omp.h>
#include <vector>

void spmm(size_t M, size_t N, size_t K, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &B, std::vector<double> &C) {
#pragma omp parallel for schedule(dynamic, 64)
    for (long i = 0; i < (long)M; ++i) {
        if (row_ptr[i] == row_ptr[i + 1]) continue;
        for (size_t t = 0; t < K; ++t) {
            double sum = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) sum += values[k] * B[(size_t)col_idx[k] * K + t];
            C[i * K + t] = sum;
        }
    }
}
