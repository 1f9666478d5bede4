// Wrong: each block stores its private histogram into the global counts (counts[b] = local[b]) instead of adding it, so with more than one block the blocks overwrite each other's counts.
#include <cstddef>

constexpr int SHARED_BINS = 8192;

// Grid-stride loop over x; each block bins into a private shared-memory histogram when the bins
// fit, then copies it to the global counts (zeroed by the driver).
__global__ void range_histogram(const double *x, size_t n, double lo, double hi, int bins,
                                unsigned long long *counts) {
    __shared__ unsigned int local[SHARED_BINS];
    const double w = (hi - lo) / bins;
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    const bool shared = bins <= SHARED_BINS;
    if (shared) {
        for (int b = threadIdx.x; b < bins; b += blockDim.x) local[b] = 0;
        __syncthreads();
    }
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
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
            if (local[b]) counts[b] = local[b];
    }
}
