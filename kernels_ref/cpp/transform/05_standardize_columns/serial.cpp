#include <cmath>
#include <cstddef>
#include <vector>

// Row by row (the matrix is row-major), with one accumulator per column: first the sums
// (and whether each column differs from its first entry), then the squared deviations from
// the means, then the standardised values.
void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
    if (rows == 0 || cols == 0) return;
    std::vector<double> mean(cols, 0.0), scale(cols, 0.0);
    std::vector<char> varies(cols, 0);
    const double *first = &A[0];
    for (size_t i = 0; i < rows; ++i) {
        const double *a = &A[i * cols];
        for (size_t j = 0; j < cols; ++j) {
            mean[j] += a[j];
            varies[j] |= a[j] != first[j];
        }
    }
    for (size_t j = 0; j < cols; ++j) mean[j] /= (double)rows;
    for (size_t i = 0; i < rows; ++i) {
        const double *a = &A[i * cols];
        for (size_t j = 0; j < cols; ++j) {
            const double d = a[j] - mean[j];
            scale[j] += d * d;
        }
    }
    for (size_t j = 0; j < cols; ++j) scale[j] = varies[j] ? 1.0 / std::sqrt(scale[j] / (double)rows) : 0.0;
    for (size_t i = 0; i < rows; ++i) {
        double *a = &A[i * cols];
        for (size_t j = 0; j < cols; ++j) a[j] = varies[j] ? (a[j] - mean[j]) * scale[j] : 0.0;
    }
}
