#include <cstddef>

// Grid-stride loop over the elements. When the bins fit in shared memory, each block adds
// into private sums there (shared-memory double atomics) and adds them to the global sums,
// which the driver has zeroed, at the end; otherwise every weight goes straight to the global
// sums.
constexpr int SHARED_BINS = 4096;

__global__ void weighted_histogram(const int *keys, const double *weights, size_t n, int bins, double *sums) {
    __shared__ double local[SHARED_BINS];
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    const size_t first = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const bool shared = bins <= SHARED_BINS;
    if (shared) {
        for (int b = threadIdx.x; b < bins; b += blockDim.x) local[b] = 0.0;
        __syncthreads();
    }
    for (size_t i = first; i < n; i += stride) {
        const int k = keys[i];
        if (k < 0 || k >= bins) continue;
        if (shared) atomicAdd(&local[k], weights[i]);
        else atomicAdd(&sums[k], weights[i]);
    }
    if (shared) {
        __syncthreads();
        for (int b = threadIdx.x; b < bins; b += blockDim.x)
            if (local[b] != 0.0) atomicAdd(&sums[b], local[b]);
    }
}
