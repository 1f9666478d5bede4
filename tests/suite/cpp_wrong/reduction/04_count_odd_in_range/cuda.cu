// Wrong: reads x four ints at a time (int4) and never counts the last n % 4 elements.
#include <cstddef>

// Sum of the block's counts in shared memory (blockDim.x a power of two, at most 256); valid in thread 0.
static __device__ unsigned long long block_sum(unsigned long long v) {
    __shared__ unsigned long long s[256];
    s[threadIdx.x] = v;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) s[threadIdx.x] += s[threadIdx.x + half];
        __syncthreads();
    }
    return s[0];
}

static __device__ __forceinline__ unsigned odd_in(int v, int lo, int hi) { return (v & 1) && lo <= v && v <= hi; }

// pass 0: per-block counts into partial[b], 16-byte vector loads; pass 1: block 0 adds them up.
__global__ void count_odd_in_range(const int *x, size_t n, int lo, int hi, size_t *count, size_t *partial, int pass) {
    unsigned long long c = 0;
    if (pass == 0) {
        const int4 *x4 = reinterpret_cast<const int4 *>(x);
        const size_t n4 = n / 4, stride = (size_t)gridDim.x * blockDim.x;
        for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
            const int4 v = x4[i];
            c += odd_in(v.x, lo, hi) + odd_in(v.y, lo, hi) + odd_in(v.z, lo, hi) + odd_in(v.w, lo, hi);
        }
        c = block_sum(c);
        if (threadIdx.x == 0) partial[blockIdx.x] = (size_t)c;
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) c += partial[b];
        c = block_sum(c);
        if (threadIdx.x == 0) *count = (size_t)c;
    }
}
