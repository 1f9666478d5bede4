#include <cmath>
#include <cstddef>
#include <omp.h>
#include <vector>

// The columns are split among the threads, each thread sweeping the rows of its block of
// columns (contiguous in every row) for the sums, the squared deviations and the result.
void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
    if (rows == 0 || cols == 0) return;
    double *M = A.data();
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), T = omp_get_num_threads();
        const size_t lo = cols * t / T, hi = cols * (t + 1) / T, w = hi - lo;
        std::vector<double> mean(w, 0.0), scale(w, 0.0);
        std::vector<char> varies(w, 0);
        for (size_t i = 0; i < rows; ++i)
            for (size_t j = 0; j < w; ++j) {
                const double v = M[i * cols + lo + j];
                mean[j] += v;
                varies[j] |= v != M[lo + j];
            }
        for (size_t j = 0; j < w; ++j) mean[j] /= (double)rows;
        for (size_t i = 0; i < rows; ++i)
            for (size_t j = 0; j < w; ++j) {
                const double d = M[i * cols + lo + j] - mean[j];
                scale[j] += d * d;
            }
        for (size_t j = 0; j < w; ++j) scale[j] = varies[j] ? 1.0 / std::sqrt(scale[j] / (double)rows) : 0.0;
        for (size_t i = 0; i < rows; ++i)
            for (size_t j = 0; j < w; ++j) {
                double &v = M[i * cols + lo + j];
                v = varies[j] ? (v - mean[j]) * scale[j] : 0.0;
            }
    }
}
