// wrong: updates row i from column k + 1 on but leaves A[i][k] unchanged instead of storing the multiplier there
#include <cstddef>
#include <vector>

void lu(std::vector<double> &A, size_t n) {
    for (size_t k = 0; k < n; ++k)
        for (size_t i = k + 1; i < n; ++i) {
            const double l = A[i * n + k] / A[k * n + k];
            for (size_t j = k + 1; j < n; ++j) A[i * n + j] -= l * A[k * n + j];
        }
}
