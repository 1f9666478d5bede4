// wrong: each thread decides whether a column is constant from its own block of rows only, so a column that is constant within one block but not overall is set to 0 there
#include <cmath>
#include <cstddef>
#include <omp.h>
#include <vector>

void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
    if (rows == 0 || cols == 0) return;
    std::vector<double> mean(cols, 0.0), sd(cols, 0.0);
#pragma omp parallel for schedule(static)
    for (long j = 0; j < (long)cols; ++j) {
        double s = 0;
        for (size_t i = 0; i < rows; ++i) s += A[i * cols + j];
        mean[j] = s / (double)rows;
        double q = 0;
        for (size_t i = 0; i < rows; ++i) { const double d = A[i * cols + j] - mean[j]; q += d * d; }
        sd[j] = std::sqrt(q / (double)rows);
    }
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), T = omp_get_num_threads();
        const size_t lo = rows * t / T, hi = rows * (t + 1) / T;
        for (size_t j = 0; j < cols; ++j) {
            bool constant = true;
            for (size_t i = lo + 1; i < hi && constant; ++i) constant = A[i * cols + j] == A[lo * cols + j];
            for (size_t i = lo; i < hi; ++i) A[i * cols + j] = constant ? 0.0 : (A[i * cols + j] - mean[j]) / sd[j];
        }
    }
}
