// wrong: loops over N rows of A instead of M (right only for square matrices): a wide matrix reads row_ptr and writes C out of range, a tall one leaves rows of C unwritten
#include <vector>
#include <cstddef>
void spmm(size_t M, size_t N, size_t K, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &B, std::vector<double> &C) {
    (void)M;
    for (size_t i = 0; i < N; ++i) {
        double *c = &C[i * K];
        for (size_t t = 0; t < K; ++t) c[t] = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
            const double v = values[k];
            const double *b = &B[(size_t)col_idx[k] * K];
            for (size_t t = 0; t < K; ++t) c[t] += v * b[t];
        }
    }
}
