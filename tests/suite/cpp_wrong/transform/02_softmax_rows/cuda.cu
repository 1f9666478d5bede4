// Wrong: the row's maximum and sum are reduced with __shfl_down_sync, which leaves the total in lane 0 only, but every lane then uses its own partial value to shift and normalise its entries.
#include <cstddef>

// One warp per row: the warp's lanes stride along the row, and the row's maximum and sum are
// combined with shuffles. Each block of 4 warps handles 4 consecutive rows.
__device__ static double warp_max(double v) {
    for (int off = 16; off > 0; off >>= 1) v = fmax(v, __shfl_down_sync(0xffffffffu, v, off));
    return v;
}
__device__ static double warp_sum(double v) {
    for (int off = 16; off > 0; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off);
    return v;
}

__global__ void softmax_rows(double *A, size_t rows, size_t cols) {
    const size_t row = (size_t)blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
    const unsigned lane = threadIdx.x % 32;
    if (row >= rows || cols == 0) return;  // the whole warp leaves together
    double *a = A + row * cols;
    double m = -INFINITY;
    for (size_t j = lane; j < cols; j += 32) m = fmax(m, a[j]);
    m = warp_max(m);
    double s = 0.0;
    for (size_t j = lane; j < cols; j += 32) s += a[j] = exp(a[j] - m);
    s = warp_sum(s);
    const double inv = 1.0 / s;
    for (size_t j = lane; j < cols; j += 32) a[j] *= inv;
}
