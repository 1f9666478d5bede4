// Wrong: each thread counts the matches that lie wholly inside its own contiguous piece of the text, so a match that straddles two threads' pieces is never counted.
#include <cstddef>

// Sum of the block's counts (blockDim.x a power of two, at most 256); valid in thread 0.
static __device__ long block_sum(long v) {
    __shared__ long s[256];
    s[threadIdx.x] = v;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) s[threadIdx.x] += s[threadIdx.x + half];
        __syncthreads();
    }
    return s[0];
}

// pass 0: the text is cut into one contiguous piece per thread of the grid; each thread counts
// the occurrences inside its piece and each block's count goes to partial[b]; pass 1: block 0
// adds them up.
__global__ void count_occurrences(const char *text, size_t n, const char *pattern, size_t m, long *result,
                                  long *partial, int pass) {
    long c = 0;
    if (pass == 0) {
        const size_t threads = (size_t)gridDim.x * blockDim.x, t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
        const size_t per = (n + threads - 1) / threads;
        const size_t begin = t * per < n ? t * per : n, end = begin + per < n ? begin + per : n;
        if (m > 0)
            for (size_t i = begin; i + m <= end; ++i) {
                size_t j = 0;
                while (j < m && text[i + j] == pattern[j]) ++j;
                c += j == m;
            }
        c = block_sum(c);
        if (threadIdx.x == 0) partial[blockIdx.x] = c;
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) c += partial[b];
        c = block_sum(c);
        if (threadIdx.x == 0) *result = c;
    }
}
