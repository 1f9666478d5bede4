#include <cstddef>
#include <omp.h>
#include <vector>

// Rows differ in length: dynamic chunks keep the threads busy.
void spmm(size_t M, size_t N, size_t K, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &B, std::vector<double> &C) {
#pragma omp parallel for schedule(dynamic, 256)
    for (long i = 0; i < (long)M; ++i) {
        double *c = &C[i * K];
        for (size_t t = 0; t < K; ++t) c[t] = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
            const double a = values[k];
            const double *b = &B[(size_t)col_idx[k] * K];
            for (size_t t = 0; t < K; ++t) c[t] += a * b[t];
        }
    }
}
