// Wrong: the textbook bitonic step (partner i ^ j, direction from i & k) instead of the flip network of the prompt: with positions >= n skipped it does not sort when n is not a power of two.
#include <cstddef>

__global__ void sort_doubles(double *x, size_t n, size_t p, size_t k, size_t j) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= p) return;
    const size_t l = i ^ j;
    if (l <= i || l >= n) return;
    const bool up = (i & k) == 0;
    const double a = x[i], b = x[l];
    if ((a > b) == up) x[i] = b, x[l] = a;
}
