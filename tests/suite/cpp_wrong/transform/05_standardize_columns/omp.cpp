// Uses the sample standard deviation (divides by rows - 1) instead of the population one (rows).
#include <cmath>
#include <cstddef>
#include <omp.h>
#include <vector>

void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
#pragma omp parallel for schedule(static)
    for (long j = 0; j < (long)cols; ++j) {
        double s = 0.0;
        bool varies = false;
        for (size_t i = 0; i < rows; ++i) s += A[i * cols + j], varies |= A[i * cols + j] != A[j];
        const double m = s / (double)rows;
        double q = 0.0;
        for (size_t i = 0; i < rows; ++i) q += (A[i * cols + j] - m) * (A[i * cols + j] - m);
        const double sd = rows > 1 ? std::sqrt(q / (double)(rows - 1)) : 0.0;
        for (size_t i = 0; i < rows; ++i) A[i * cols + j] = varies ? (A[i * cols + j] - m) / sd : 0.0;
    }
}
