#include <cstddef>
#include <cstdint>
#include <omp.h>
#include <utility>
#include <vector>

// The board is copied into one with a border of dead cells; the threads share out the rows
// of each generation.
void life(std::vector<uint8_t> &grid, size_t rows, size_t cols, int generations) {
    const long R = (long)rows, C = (long)cols, W = C + 2;
    if (R == 0 || C == 0) return;
    std::vector<uint8_t> a((R + 2) * W, 0), b((R + 2) * W, 0);
#pragma omp parallel for schedule(static)
    for (long i = 0; i < R; ++i)
        for (long j = 0; j < C; ++j) a[(i + 1) * W + j + 1] = grid[i * C + j];
    for (int g = 0; g < generations; ++g) {
#pragma omp parallel for schedule(static)
        for (long i = 1; i <= R; ++i) {
                const uint8_t *up = &a[(i - 1) * W], *mid = &a[i * W], *down = &a[(i + 1) * W];
                uint8_t *out = &b[i * W];
                for (long j = 1; j <= C; ++j) {
                    const int live = up[j - 1] + up[j] + up[j + 1] + mid[j - 1] + mid[j + 1] + down[j - 1] + down[j] +
                                     down[j + 1];
                    out[j] = (uint8_t)((live == 3) | ((live == 2) & mid[j]));
                }
        }
        std::swap(a, b);
    }
#pragma omp parallel for schedule(static)
    for (long i = 0; i < R; ++i)
        for (long j = 0; j < C; ++j) grid[i * C + j] = a[(i + 1) * W + j + 1];
}
