// wrong: computes only the pixels at least 2 away from the border and sets the border pixels to 0 (no zero padding)
#include <cstddef>
#include <omp.h>
#include <vector>

void filter5x5(const std::vector<double> &img, size_t rows, size_t cols, const std::vector<double> &w,
               std::vector<double> &out) {
    const long R = (long)rows, C = (long)cols;
#pragma omp parallel for schedule(static)
    for (long i = 0; i < R; ++i)
        for (long j = 0; j < C; ++j) {
            double s = 0;
            if (i >= 2 && i < R - 2 && j >= 2 && j < C - 2)
                for (long a = 0; a < 5; ++a)
                    for (long b = 0; b < 5; ++b) s += w[a * 5 + b] * img[(i + a - 2) * C + j + b - 2];
            out[i * C + j] = s;
        }
}
