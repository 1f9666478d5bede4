// Wrong: every lane atomically adds its partial sum to area2[p], as if the output started at zero; the driver does not zero it (it holds garbage).
#include <cstddef>

// One warp per polygon: the lanes take strided edges and add their sums straight into the result.
__global__ void polygon_areas(const int *x, const int *y, const long *offsets, size_t num_polygons, long *area2) {
    const size_t p = ((size_t)blockIdx.x * blockDim.x + threadIdx.x) / 32;
    const unsigned lane = threadIdx.x % 32;
    if (p >= num_polygons) return;
    const long lo = offsets[p], hi = offsets[p + 1];
    long s = 0;
    if (hi - lo >= 3)
        for (long k = lo + lane; k < hi; k += 32) {
            const long nx = k + 1 < hi ? k + 1 : lo;
            s += (long)x[k] * y[nx] - (long)x[nx] * y[k];
        }
    atomicAdd((unsigned long long *)&area2[p], (unsigned long long)s);
}
