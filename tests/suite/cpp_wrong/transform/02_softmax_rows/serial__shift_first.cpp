// Shifts each row by its first entry, not its maximum: exp overflows when a later entry is far larger; reads a[0] of an empty row.
#include <vector>
#include <cmath>
void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
    for (size_t i = 0; i < rows; ++i) { double *a = &A[i * cols]; double m = a[0];   // shift by the first entry
        double s = 0; for (size_t j = 0; j < cols; ++j) { a[j] = std::exp(a[j] - m); s += a[j]; }
        for (size_t j = 0; j < cols; ++j) a[j] /= s; }
}