#include <cstddef>

// Grid-stride loop over the points. When the cells fit in shared memory, each block counts
// into a private histogram there and adds it to the global counts, which the driver has
// zeroed, at the end; otherwise every point goes straight to the global counts.
constexpr long SHARED_CELLS = 8192;

__global__ void histogram_2d(const double *x, const double *y, size_t n, int nx, int ny,
                             unsigned long long *counts) {
    __shared__ unsigned int local[SHARED_CELLS];
    const long cells = (long)nx * ny;
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    const size_t first = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const bool shared = cells <= SHARED_CELLS;
    if (shared) {
        for (long c = threadIdx.x; c < cells; c += blockDim.x) local[c] = 0;
        __syncthreads();
    }
    for (size_t i = first; i < n; i += stride) {
        const long c = (long)floor(y[i] * ny) * nx + (long)floor(x[i] * nx);
        if (shared) atomicAdd(&local[c], 1u);
        else atomicAdd(&counts[c], 1ULL);
    }
    if (shared) {
        __syncthreads();
        for (long c = threadIdx.x; c < cells; c += blockDim.x)
            if (local[c]) atomicAdd(&counts[c], (unsigned long long)local[c]);
    }
}
