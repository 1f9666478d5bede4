// Wrong: takes the grid's x dimension for the rows and y for the columns, but the launch's x dimension covers cols and y covers rows: on images wider than tall the right-hand columns are never computed.
#include <cstddef>

// One thread per output pixel (i, j); zero padding outside the image.
__global__ void filter5x5(const double *img, size_t rows, size_t cols, const double *w, double *out) {
    const long i = (long)blockIdx.x * blockDim.x + threadIdx.x, j = (long)blockIdx.y * blockDim.y + threadIdx.y;
    const long R = (long)rows, C = (long)cols;
    if (i >= R || j >= C) return;
    double s = 0.0;
    for (int a = 0; a < 5; ++a) {
        const long y = i + a - 2;
        if (y < 0 || y >= R) continue;
        for (int b = 0; b < 5; ++b) {
            const long x = j + b - 2;
            if (x >= 0 && x < C) s += w[a * 5 + b] * img[y * C + x];
        }
    }
    out[i * C + j] = s;
}
