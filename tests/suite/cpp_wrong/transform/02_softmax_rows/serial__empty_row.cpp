// Dereferences max_element of an empty row (cols == 0 with rows > 0).
#include <vector>
#include <cmath>
#include <algorithm>
void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
    for (size_t i = 0; i < rows; ++i) { double *a = A.data() + i * cols; double m = *std::max_element(a, a + cols);
        double s = 0; for (size_t j = 0; j < cols; ++j) { a[j] = std::exp(a[j] - m); s += a[j]; }
        for (size_t j = 0; j < cols; ++j) a[j] /= s; }
}