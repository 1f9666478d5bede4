// Wrong: the block's shared-memory histogram is never zeroed (it assumes shared memory starts at 0; it holds whatever the previous block left there).
#include <cstddef>

constexpr long SHARED_CELLS = 8192;

// Grid-stride loop over the points; a private shared-memory histogram per block when the cells fit,
// added to the global counts (zeroed by the driver) at the end.
__global__ void histogram_2d(const double *x, const double *y, size_t n, int nx, int ny,
                             unsigned long long *counts) {
    __shared__ unsigned int local[SHARED_CELLS];
    const long cells = (long)nx * ny;
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    const bool shared = cells <= SHARED_CELLS;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
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
