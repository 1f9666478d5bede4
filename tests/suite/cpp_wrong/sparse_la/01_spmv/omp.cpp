// wrong: the inner loop stops one short of row_ptr[i + 1], so the last nonzero of every row is dropped
#include <cstddef>
#include <omp.h>
#include <vector>

void spmv(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y) {
#pragma omp parallel for schedule(dynamic, 1024)
    for (long i = 0; i < (long)M; ++i) {
        double sum = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1] - 1; ++k) sum += values[k] * x[col_idx[k]];
        y[i] = sum;
    }
}
