// wrong: loops over N rows instead of M (right only for square matrices): a wide matrix reads row_ptr and writes y out of range, a tall one leaves rows of y unwritten
#include <omp.h>
#include <vector>
#include <cstddef>
void spmv(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y) {
    (void)M;
#pragma omp parallel for schedule(dynamic, 64)
    for (long i = 0; i < (long)N; ++i) {
        double s = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * x[col_idx[k]];
        y[i] = s;
    }
}
