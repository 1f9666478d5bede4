// wrong: the board wraps around (a torus): cells on an edge count neighbours from the opposite edge
#include <cstddef>
#include <cstdint>
#include <vector>

void life(std::vector<uint8_t> &grid, size_t rows, size_t cols, int generations) {
    std::vector<uint8_t> next(grid.size());
    for (int g = 0; g < generations; ++g) {
        for (size_t i = 0; i < rows; ++i)
            for (size_t j = 0; j < cols; ++j) {
                int live = 0;
                for (int di = -1; di <= 1; ++di)
                    for (int dj = -1; dj <= 1; ++dj)
                        if (di || dj) live += grid[((i + rows + di) % rows) * cols + (j + cols + dj) % cols];
                next[i * cols + j] = (live == 3) || (live == 2 && grid[i * cols + j]);
            }
        grid.swap(next);
    }
}
