// One-pass variance mean(x^2) - mean(x)^2: with offsets near 1e6 and spreads near 1 most digits cancel.
#include <cmath>
#include <cstddef>
#include <vector>

void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
    for (size_t j = 0; j < cols; ++j) {
        double s = 0.0, s2 = 0.0;
        bool varies = false;
        for (size_t i = 0; i < rows; ++i) {
            const double v = A[i * cols + j];
            s += v, s2 += v * v;
            varies |= v != A[j];
        }
        const double m = s / (double)rows, var = s2 / (double)rows - m * m;
        const double sd = std::sqrt(var > 0 ? var : 0.0);
        for (size_t i = 0; i < rows; ++i) A[i * cols + j] = varies && sd > 0 ? (A[i * cols + j] - m) / sd : 0.0;
    }
}
