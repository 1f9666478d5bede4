#include <cstddef>

// One warp per polygon: the lanes sum strided edges, then a shuffle reduction.
__global__ void polygon_areas(const int *x, const int *y, const long *offsets, size_t num_polygons, long *area2) {
    const size_t p = ((size_t)blockIdx.x * blockDim.x + threadIdx.x) / 32;
    const unsigned lane = threadIdx.x % 32;
    if (p >= num_polygons) return;  // whole warps leave together
    const long lo = offsets[p], hi = offsets[p + 1];
    long s = 0;
    if (hi - lo >= 3)
        for (long k = lo + lane; k < hi; k += 32) {
            const long nx = k + 1 < hi ? k + 1 : lo;
            s += (long)x[k] * y[nx] - (long)x[nx] * y[k];
        }
    for (int off = 16; off > 0; off /= 2) s += __shfl_down_sync(0xffffffffu, s, off);
    if (lane == 0) area2[p] = s;
}
