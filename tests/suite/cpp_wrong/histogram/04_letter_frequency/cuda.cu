// Privatised shared-memory counts, but no __syncthreads() between counting and flushing: a thread adds its block's counts to the global ones before the other threads of the block have finished counting.
#include <cstddef>

__global__ void letter_frequency(const unsigned char *text, size_t n, unsigned long long *counts) {
    __shared__ unsigned int local[26];
    if (threadIdx.x < 26) local[threadIdx.x] = 0;
    __syncthreads();
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const unsigned k = (unsigned)(text[i] | 0x20) - 'a';
        if (k < 26) atomicAdd(&local[k], 1u);
    }
    if (threadIdx.x < 26) atomicAdd(&counts[threadIdx.x], (unsigned long long)local[threadIdx.x]);
}
