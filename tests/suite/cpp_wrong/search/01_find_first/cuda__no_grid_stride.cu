// Wrong: pass 0 gives each block the 1024 elements b * 1024 .. b * 1024 + 1023, as if the grid always had ceil(n / 1024) blocks, instead of a chunk of ceil(n / gridDim.x) elements; the grid is capped at 1024 blocks, so past n = 1048576 the elements from 1048576 on are never searched.
#include <climits>
#include <cstddef>

constexpr unsigned ITEMS = 8;

// Smallest value over the block (blockDim.x a power of two, at most 256); valid in every thread.
static __device__ long block_min(long v) {
    __shared__ long s[256];
    s[threadIdx.x] = v;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) s[threadIdx.x] = min(s[threadIdx.x], s[threadIdx.x + half]);
        __syncthreads();
    }
    return s[0];
}

// pass 0: each block's first match (LONG_MAX for none) into partial[b]. The block walks a
// contiguous chunk in tiles of blockDim.x * ITEMS elements and stops after the first tile with a match.
// pass 1: block 0 takes the smallest over the blocks.
__global__ void find_first(const int *x, size_t n, int target, long *result, long *partial, int pass) {
    if (pass == 0) {
        const size_t per = 1024;  // ceil(n / 1024) blocks: 1024 elements each
        const size_t begin = min(n, (size_t)blockIdx.x * per), end = min(n, begin + per);
        long found = LONG_MAX;
        for (size_t base = begin; base < end; base += (size_t)blockDim.x * ITEMS) {
            long mine = LONG_MAX;  // the thread's first match in the tile: its ITEMS elements, coalesced
            for (unsigned j = 0; j < ITEMS; ++j) {
                const size_t i = base + (size_t)j * blockDim.x + threadIdx.x;
                if (mine == LONG_MAX && i < end && x[i] == target) mine = (long)i;
            }
            found = block_min(mine);
            __syncthreads();  // s is reused by the next tile
            if (found != LONG_MAX) break;  // the same in every thread of the block
        }
        if (threadIdx.x == 0) partial[blockIdx.x] = found;
    } else {
        if (blockIdx.x != 0) return;
        long best = LONG_MAX;
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) best = min(best, partial[b]);
        best = block_min(best);
        if (threadIdx.x == 0) *result = best == LONG_MAX ? -1 : best;
    }
}
