#include <cstddef>

// Grid-stride loop over x. When the bins fit in shared memory, each block counts into a
// private histogram there (cheap shared-memory atomics) and adds it to the global counts,
// which the driver has zeroed, at the end: one global atomic per bin and block. Otherwise
// every element goes straight to the global counts.
constexpr int SHARED_BINS = 8192;

__global__ void int_histogram(const int *x, size_t n, int bins, unsigned long long *counts) {
    __shared__ unsigned int local[SHARED_BINS];
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    const size_t first = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (bins > SHARED_BINS) {
        for (size_t i = first; i < n; i += stride) atomicAdd(&counts[x[i]], 1ULL);
        return;
    }
    for (int b = threadIdx.x; b < bins; b += blockDim.x) local[b] = 0;
    __syncthreads();
    for (size_t i = first; i < n; i += stride) atomicAdd(&local[x[i]], 1u);
    __syncthreads();
    for (int b = threadIdx.x; b < bins; b += blockDim.x)
        if (local[b]) atomicAdd(&counts[b], (unsigned long long)local[b]);
}
