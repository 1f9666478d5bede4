// Wrong: every kept element takes the next slot from an atomic counter, so the kept elements are all
// there but not in their original order.
#include <cstddef>

__global__ void select_greater(const double *x, size_t n, double threshold, double *out, size_t *count,
                               size_t *partial, int pass) {
    if (pass == 0) {
        if (blockIdx.x == 0 && threadIdx.x == 0) *count = 0;
        return;
    }
    if (pass != 1) return;
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        if (x[i] > threshold) {
            const unsigned long long at = atomicAdd((unsigned long long *)count, 1ull);
            out[at] = x[i];
        }
}
