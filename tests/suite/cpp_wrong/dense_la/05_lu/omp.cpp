// wrong: stores the multiplier in A[i][k], then runs the row update from column k instead of k + 1, which overwrites it
#include <cstddef>
#include <omp.h>
#include <vector>

void lu(std::vector<double> &A, size_t n) {
    for (size_t k = 0; k < n; ++k) {
        const double pivot = A[k * n + k];
#pragma omp parallel for schedule(static)
        for (long i = (long)k + 1; i < (long)n; ++i) {
            const double l = A[i * n + k] / pivot;
            A[i * n + k] = l;
            for (size_t j = k; j < n; ++j) A[i * n + j] -= l * A[k * n + j];
        }
    }
}
