// wrong: bounds the interior columns by cols - 2 in size_t, which wraps around for cols < 2, so an image of several rows and 0 or 1 columns is read and written far out of range
#include <vector>
#include <cstddef>
void filter5x5(const std::vector<double> &img, size_t rows, size_t cols, const std::vector<double> &w, std::vector<double> &out) {
    const long R = (long)rows, C = (long)cols;
    // border pixels: zero padding
    for (long i = 0; i < R; ++i)
        for (long j = 0; j < C; ++j) {
            if (i >= 2 && i + 2 < R && j >= 2 && j + 2 < C) continue;
            double s = 0.0;
            for (long a = 0; a < 5; ++a)
                for (long b = 0; b < 5; ++b) {
                    long ii = i + a - 2, jj = j + b - 2;
                    if (ii >= 0 && ii < R && jj >= 0 && jj < C) s += w[a * 5 + b] * img[ii * C + jj];
                }
            out[i * C + j] = s;
        }
    // interior: no bounds checks
    for (size_t i = 2; i + 2 < rows; ++i)
        for (size_t j = 2; j < cols - 2; ++j) {
            double s = 0.0;
            for (size_t a = 0; a < 5; ++a)
                for (size_t b = 0; b < 5; ++b) s += w[a * 5 + b] * img[(i + a - 2) * cols + (j + b - 2)];
            out[i * cols + j] = s;
        }
}
