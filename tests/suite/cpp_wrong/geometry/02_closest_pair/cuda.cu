// Wrong: squared distances in double, which rounds the huge exact answers (above 2^53) of far-apart points.
#include <climits>
#include <cstddef>

__global__ void closest_pair(const int *x, const int *y, size_t n, long long *best) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    double local = 1e300;
    for (size_t j = i + 1; j < n; ++j) {
        const double dx = (double)x[j] - x[i];
        if (dx * dx >= local) break;
        const double dy = (double)y[j] - y[i], d = dx * dx + dy * dy;
        if (d < local) local = d;
    }
    if (local < 1e300) atomicMin(best, (long long)local);
}
