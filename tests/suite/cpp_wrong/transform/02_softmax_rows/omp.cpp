// wrong: exponentiates the entries unshifted, so rows near +1000 give inf / inf = NaN and rows near -1000 give 0 / 0
#include <cmath>
#include <cstddef>
#include <omp.h>
#include <vector>

void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
#pragma omp parallel for schedule(static)
    for (long i = 0; i < (long)rows; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < cols; ++j) sum += A[i * cols + j] = std::exp(A[i * cols + j]);
        for (size_t j = 0; j < cols; ++j) A[i * cols + j] /= sum;
    }
}
