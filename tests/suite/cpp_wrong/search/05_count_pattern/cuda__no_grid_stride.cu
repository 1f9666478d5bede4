// Wrong: the first pass has no grid-wide stride loop: block b tests only the start positions b * 1024 .. b * 1024 + 1023, as if the grid always had ceil(n / 1024) blocks, but it is capped at 1024 blocks, so past n = 1048576 the start positions from 1048576 on are never tested.
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

// pass 0: every thread tests the start positions i = its index, + the grid's size, ... up to
// n - m (a match may run past the thread's own positions: it reads text[i .. i+m-1] wherever
// they are), and each block's count goes to partial[b]; pass 1: block 0 adds them up.
// Patterns of up to 256 characters are kept in shared memory.
__global__ void count_occurrences(const char *text, size_t n, const char *pattern, size_t m, long *result,
                                  long *partial, int pass) {
    long c = 0;
    if (pass == 0) {
        __shared__ char pat[256];
        const bool shared = m <= 256;
        if (shared)
            for (size_t j = threadIdx.x; j < m; j += blockDim.x) pat[j] = pattern[j];
        __syncthreads();
        const char *p = shared ? pat : pattern;
        if (m > 0 && m <= n) {
            const size_t last = n - m, begin = (size_t)blockIdx.x * 1024, end = min(last + 1, begin + 1024);  // ceil(n / 1024) blocks: 1024 each
            for (size_t i = begin + threadIdx.x; i < end; i += blockDim.x) {
                size_t j = 0;
                while (j < m && text[i + j] == p[j]) ++j;
                c += j == m;
            }
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
