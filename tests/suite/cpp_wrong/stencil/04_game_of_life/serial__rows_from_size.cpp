// wrong: takes the number of rows as grid.size() / cols instead of rows, which divides by zero when cols = 0 (rows > 0)
#include <vector>
#include <cstdint>
#include <cstddef>
void life(std::vector<uint8_t> &grid, size_t rows, size_t cols, int generations) {
    const long R = (long)(grid.size() / cols), C = (long)cols;
    (void)rows;
    std::vector<uint8_t> next(grid.size());
    for (int g = 0; g < generations; ++g) {
        for (long i = 0; i < R; ++i)
            for (long j = 0; j < C; ++j) {
                int c = 0;
                for (long di = -1; di <= 1; ++di)
                    for (long dj = -1; dj <= 1; ++dj) {
                        if (!di && !dj) continue;
                        long a = i + di, b = j + dj;
                        if (a >= 0 && a < R && b >= 0 && b < C) c += grid[a * C + b];
                    }
                const uint8_t alive = grid[i * C + j];
                next[i * C + j] = (c == 3 || (alive && c == 2)) ? 1 : 0;
            }
        grid.swap(next);
    }
}
