#include <cstddef>
#include <vector>

void spmv(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y) {
    for (size_t i = 0; i < M; ++i) {
        double sum = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) sum += values[k] * x[col_idx[k]];
        y[i] = sum;
    }
}
