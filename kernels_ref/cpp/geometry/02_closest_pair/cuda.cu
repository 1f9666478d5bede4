#include <climits>
#include <cstddef>

// One thread per starting point i, sweeping j = i+1, ... until (x[j] - x[i])^2 reaches the
// bound. Every bound is the distance of a pair already recorded in *best, so the pairs it skips
// cannot be closer. The bound starts as the block's minimum over short look-aheads and is
// refreshed from *best, which the other threads keep lowering, while sweeping.
__global__ void closest_pair(const int *x, const int *y, size_t n, long long *best) {
    __shared__ long long block_best;
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (threadIdx.x == 0) block_best = LLONG_MAX;
    __syncthreads();
    long long local = LLONG_MAX;
    const long long xi = i < n ? x[i] : 0, yi = i < n ? y[i] : 0;
    for (size_t j = i + 1; i < n && j < n && j <= i + 16; ++j) {
        const long long dx = x[j] - xi, dy = y[j] - yi, d = dx * dx + dy * dy;
        if (d < local) local = d;
    }
    if (local < LLONG_MAX) atomicMin(&block_best, local);
    __syncthreads();
    if (threadIdx.x == 0 && block_best < LLONG_MAX) atomicMin(best, block_best);
    if (i >= n) return;
    volatile long long *shared_best = best;
    long long bound = min(local, block_best);
    for (size_t j = i + 1; j < n; ++j) {
        if (((j - i) & 63) == 0) bound = min(bound, *shared_best);
        const long long dx = x[j] - xi;
        if (dx * dx >= bound) break;
        const long long dy = y[j] - yi, d = dx * dx + dy * dy;
        if (d < bound) bound = d, local = d;
    }
    if (local < LLONG_MAX) atomicMin(best, local);
}
