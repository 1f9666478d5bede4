// wrong: updates the board in place, so cells see neighbours that already moved on to the next generation
#include <cstddef>
#include <cstdint>
#include <omp.h>
#include <vector>

void life(std::vector<uint8_t> &grid, size_t rows, size_t cols, int generations) {
    const long R = (long)rows, C = (long)cols;
    for (int g = 0; g < generations; ++g) {
#pragma omp parallel for schedule(static)
        for (long i = 0; i < R; ++i)
            for (long j = 0; j < C; ++j) {
                int live = 0;
                for (long a = i - 1; a <= i + 1; ++a)
                    for (long b = j - 1; b <= j + 1; ++b)
                        if ((a != i || b != j) && a >= 0 && a < R && b >= 0 && b < C) live += grid[a * C + b];
                grid[i * C + j] = (live == 3) || (live == 2 && grid[i * C + j]);
            }
    }
}
