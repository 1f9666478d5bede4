// wrong: flips the filter (a true convolution, w[4 - a][4 - b]) where the prompt asks for a cross-correlation
#include <cstddef>
#include <vector>

void filter5x5(const std::vector<double> &img, size_t rows, size_t cols, const std::vector<double> &w,
               std::vector<double> &out) {
    for (long i = 0; i < (long)rows; ++i)
        for (long j = 0; j < (long)cols; ++j) {
            double s = 0;
            for (long a = 0; a < 5; ++a)
                for (long b = 0; b < 5; ++b) {
                    const long y = i + a - 2, x = j + b - 2;
                    if (y >= 0 && y < (long)rows && x >= 0 && x < (long)cols) s += w[(4 - a) * 5 + (4 - b)] * img[y * cols + x];
                }
            out[i * cols + j] = s;
        }
}
