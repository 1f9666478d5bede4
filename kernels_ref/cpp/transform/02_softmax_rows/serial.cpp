#include <cmath>
#include <cstddef>
#include <vector>

// Shifted by the row's largest entry, every exponential is at most 1 and the largest is 1,
// so the sum lies in [1, cols]: no overflow, and no division by zero.
static void softmax_row(double *a, size_t cols) {
    if (cols == 0) return;
    double m = a[0];
    for (size_t j = 1; j < cols; ++j) m = a[j] > m ? a[j] : m;
    double sum = 0.0;
    for (size_t j = 0; j < cols; ++j) sum += a[j] = std::exp(a[j] - m);
    const double inv = 1.0 / sum;
    for (size_t j = 0; j < cols; ++j) a[j] *= inv;
}

void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
    for (size_t i = 0; i < rows; ++i) softmax_row(&A[i * cols], cols);
}
