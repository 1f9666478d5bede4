// Wrong: the combining pass has no stride loop: thread t of block 0 reads the partials of blocks 2t and 2t + 1 only, which covers 512 blocks, but the grid has up to 1024 (past n = 524288), so the last blocks' results are dropped.
#include <cstddef>

// Sum of the block's counts: within each warp by shuffles, then across the warps.
static __device__ unsigned long long block_sum(unsigned long long v) {
    __shared__ unsigned long long warp_sums[32];
    for (int d = 16; d > 0; d /= 2) v += __shfl_down_sync(0xffffffffu, v, d);
    const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = (blockDim.x + 31) / 32;
    if (lane == 0) warp_sums[warp] = v;
    __syncthreads();
    v = 0;
    if (warp == 0) {
        v = lane < warps ? warp_sums[lane] : 0;
        for (int d = 16; d > 0; d /= 2) v += __shfl_down_sync(0xffffffffu, v, d);
    }
    return v;  // valid in thread 0
}

// pass 0: per-block counts into partial[b]; pass 1: block 0 adds them up.
// v & 1 is the parity in two's complement for negative values too; comparisons never overflow.
__global__ void count_odd_in_range(const int *x, size_t n, int lo, int hi, size_t *count, size_t *partial, int pass) {
    unsigned long long c = 0;
    if (pass == 0) {
        const size_t stride = (size_t)gridDim.x * blockDim.x;
        for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
            const int v = x[i];
            c += (v & 1) && lo <= v && v <= hi;
        }
        c = block_sum(c);
        if (threadIdx.x == 0) partial[blockIdx.x] = (size_t)c;
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = 2 * threadIdx.x; b < 2 * threadIdx.x + 2 && b < gridDim.x; ++b) c += partial[b];
        c = block_sum(c);
        if (threadIdx.x == 0) *count = (size_t)c;
    }
}
