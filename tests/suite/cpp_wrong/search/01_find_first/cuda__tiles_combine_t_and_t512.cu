// Wrong: pass 0 deals 2048-element tiles round-robin (block b takes tiles b, b + gridDim.x, ...), and pass 1
// has no stride loop: thread t of block 0 reads partial[t] and partial[t + 512] only, which covers blocks 0 to
// 255 and 512 to 767 of up to 1024, so a first match found only by block 256 to 511 or 768 to 1023 is lost. An index
// in tile k lies in block k mod 1024: 1180000 is in tile 576, block 576, and 263000 of 257 blocks in block 128,
// both read; past 1048576 the block of a tile is 768 or later only from index 1572864 on.
#include <climits>
#include <cstddef>

constexpr unsigned TILE = 2048;

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

// pass 0: each block's first match (LONG_MAX for none) into partial[b]. Block b walks the tiles of TILE elements
// b, b + gridDim.x, b + 2 * gridDim.x, ... and stops after the first tile with a match.
// pass 1: block 0 takes the smallest over the blocks.
__global__ void find_first(const int *x, size_t n, int target, long *result, long *partial, int pass) {
    if (pass == 0) {
        long found = LONG_MAX;
        for (size_t base = (size_t)blockIdx.x * TILE; base < n; base += (size_t)gridDim.x * TILE) {
            long mine = LONG_MAX;  // the thread's first match in the tile: TILE / blockDim.x elements, coalesced
            for (size_t i = base + threadIdx.x; i < base + TILE && i < n; i += blockDim.x)
                if (mine == LONG_MAX && x[i] == target) mine = (long)i;
            found = block_min(mine);
            __syncthreads();  // s is reused by the next tile
            if (found != LONG_MAX) break;  // the same in every thread of the block
        }
        if (threadIdx.x == 0) partial[blockIdx.x] = found;
    } else {
        if (blockIdx.x != 0) return;
        long best = LONG_MAX;
        for (unsigned b = threadIdx.x; b < 1024 && b < gridDim.x; b += 512)  // blocks t and t + 512
            best = min(best, partial[b]);
        best = block_min(best);
        if (threadIdx.x == 0) *result = best == LONG_MAX ? -1 : best;
    }
}
