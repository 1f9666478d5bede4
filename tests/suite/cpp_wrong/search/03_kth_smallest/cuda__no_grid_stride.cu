// Wrong: the first pass has no grid-wide stride loop: block b reads only elements b * 1024 .. b * 1024 + 1023, as if the grid always had ceil(n / 1024) blocks, but it is capped at 1024 blocks, so past n = 1048576 the elements from 1048576 on are never read.
#include <cstddef>

// Radix select on 64-bit keys that order like the doubles (every bit of a negative value
// flipped, only the sign bit of the others), 8 bits per round from the top, 8 rounds:
//   pass 2r (all blocks): histogram of digit r of the keys whose digits 0 .. r-1 are those chosen
//     so far, in shared memory per block, then added to scratch[256 r ..] with atomics;
//   pass 2r + 1 (block 0): the digit whose bucket holds the remaining rank, appended to the
//     prefix; the rank within the bucket remains. After round 7 the key is complete.
// scratch (zero on entry): [0, 2048) the 8 histograms; [2048 + 2 r] the prefix (the chosen digits)
// and [2049 + 2 r] the remaining rank before round r (filled by pass 2r - 1; round 0 uses 0 and k).
static __device__ __forceinline__ unsigned long long key_of(double v) {
    const unsigned long long u = (unsigned long long)__double_as_longlong(v);
    return u >> 63 ? ~u : u | 0x8000000000000000ull;
}
static __device__ __forceinline__ double value_of(unsigned long long key) {
    const unsigned long long u = key >> 63 ? key & 0x7fffffffffffffffull : ~key;
    return __longlong_as_double((long long)u);
}

__global__ void kth_smallest(const double *x, size_t n, size_t k, double *result, unsigned long long *scratch,
                             int pass) {
    const int round = pass / 2;
    unsigned long long *state = scratch + 2048;
    const unsigned long long prefix = round ? state[2 * round] : 0, rank = round ? state[2 * round + 1] : k;
    const int shift = 56 - 8 * round;  // digit r is bits [shift, shift + 8)
    if (pass % 2 == 0) {
        __shared__ unsigned long long hist[256];
        for (unsigned d = threadIdx.x; d < 256; d += blockDim.x) hist[d] = 0;
        __syncthreads();
        const size_t begin = (size_t)blockIdx.x * 1024, end = min(n, begin + 1024);  // ceil(n / 1024) blocks: 1024 elements each
        for (size_t i = begin + threadIdx.x; i < end; i += blockDim.x) {
            const unsigned long long key = key_of(x[i]);
            if (round == 0 || key >> (shift + 8) == prefix) atomicAdd(&hist[(key >> shift) & 255], 1ull);
        }
        __syncthreads();
        for (unsigned d = threadIdx.x; d < 256; d += blockDim.x)
            if (hist[d]) atomicAdd(&scratch[256 * round + d], hist[d]);
        return;
    }
    if (blockIdx.x != 0) return;
    // exclusive prefix sums of the 256 buckets (blockDim.x == 256: one bucket per thread)
    __shared__ unsigned long long sums[256];
    const unsigned d = threadIdx.x;
    const unsigned long long count = scratch[256 * round + d];
    sums[d] = count;
    __syncthreads();
    for (unsigned off = 1; off < 256; off *= 2) {
        const unsigned long long add = d >= off ? sums[d - off] : 0;
        __syncthreads();
        sums[d] += add;
        __syncthreads();
    }
    const unsigned long long before = sums[d] - count;
    if (before <= rank && rank < before + count) {  // exactly one bucket holds the rank
        const unsigned long long key_prefix = prefix << 8 | d;
        if (round == 7) {
            *result = value_of(key_prefix);
        } else {
            state[2 * (round + 1)] = key_prefix;
            state[2 * (round + 1) + 1] = rank - before;
        }
    }
}
