#include <cstddef>

// Grid-stride loop over x. When the bins fit in shared memory, each block bins into a
// private histogram there and adds it to the global counts, which the driver has zeroed, at
// the end; otherwise every value goes straight to the global counts.
constexpr int SHARED_BINS = 8192;

__global__ void range_histogram(const double *x, size_t n, double lo, double hi, int bins,
                                unsigned long long *counts) {
    __shared__ unsigned int local[SHARED_BINS];
    const double w = (hi - lo) / bins;
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    const size_t first = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const bool shared = bins <= SHARED_BINS;
    if (shared) {
        for (int b = threadIdx.x; b < bins; b += blockDim.x) local[b] = 0;
        __syncthreads();
    }
    for (size_t i = first; i < n; i += stride) {
        const double v = x[i];
        if (v >= lo && v < hi) {
            const long b = (long)floor((v - lo) / w);
            if (shared) atomicAdd(&local[b], 1u);
            else atomicAdd(&counts[b], 1ULL);
        }
    }
    if (shared) {
        __syncthreads();
        for (int b = threadIdx.x; b < bins; b += blockDim.x)
            if (local[b]) atomicAdd(&counts[b], (unsigned long long)local[b]);
    }
}
