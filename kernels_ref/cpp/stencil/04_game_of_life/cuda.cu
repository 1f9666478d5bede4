#include <cstddef>
#include <cstdint>

// One thread per cell; x runs along a row, so a warp reads three row segments coalesced.
__global__ void life(const uint8_t *grid, uint8_t *next, size_t rows, size_t cols) {
    const size_t j = (size_t)blockIdx.x * blockDim.x + threadIdx.x, i = (size_t)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= rows || j >= cols) return;
    int live = 0;
    for (int di = -1; di <= 1; ++di) {
        if ((di < 0 && i == 0) || (di > 0 && i + 1 >= rows)) continue;
        const uint8_t *row = grid + (i + di) * cols;
        if (j > 0) live += row[j - 1];
        if (di != 0) live += row[j];
        if (j + 1 < cols) live += row[j + 1];
    }
    next[i * cols + j] = (uint8_t)((live == 3) | ((live == 2) & grid[i * cols + j]));
}
