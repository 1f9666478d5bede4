// Wrong: the board wraps around (toroidal neighbours), but cells outside the board are dead.
#include <cstddef>
#include <cstdint>

__global__ void life(const uint8_t *grid, uint8_t *next, size_t rows, size_t cols) {
    const size_t j = (size_t)blockIdx.x * blockDim.x + threadIdx.x, i = (size_t)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= rows || j >= cols) return;
    int live = 0;
    for (int di = -1; di <= 1; ++di)
        for (int dj = -1; dj <= 1; ++dj) {
            if (di == 0 && dj == 0) continue;
            const size_t a = (i + rows + di) % rows, b = (j + cols + dj) % cols;
            live += grid[a * cols + b];
        }
    next[i * cols + j] = (live == 3 || (live == 2 && grid[i * cols + j])) ? 1 : 0;
}
