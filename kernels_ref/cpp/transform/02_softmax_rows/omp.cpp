#include <cmath>
#include <cstddef>
#include <omp.h>
#include <vector>

static void softmax_row(double *a, size_t cols) {
    if (cols == 0) return;
    double m = a[0];
    for (size_t j = 1; j < cols; ++j) m = a[j] > m ? a[j] : m;
    double sum = 0.0;
    for (size_t j = 0; j < cols; ++j) sum += a[j] = std::exp(a[j] - m);
    const double inv = 1.0 / sum;
    for (size_t j = 0; j < cols; ++j) a[j] *= inv;
}

// The rows are independent: the threads share them out.
void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < (long)rows; ++i) softmax_row(&A[i * cols], cols);
}
