// Privatised per-block sums kept in float in shared memory (half the shared memory, faster atomics): about seven significant digits, far from the 1e-10 tolerance.
#include <cstddef>

__global__ void weighted_histogram(const int *keys, const double *weights, size_t n, int bins, double *sums) {
    __shared__ float local[4096];
    for (int b = threadIdx.x; b < bins && b < 4096; b += blockDim.x) local[b] = 0.0f;
    __syncthreads();
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const int k = keys[i];
        if (k >= 0 && k < bins) atomicAdd(&local[k], (float)weights[i]);
    }
    __syncthreads();
    for (int b = threadIdx.x; b < bins && b < 4096; b += blockDim.x) atomicAdd(&sums[b], (double)local[b]);
}
