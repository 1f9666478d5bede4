#include <cstddef>

// One thread per query: binary search for the first position whose value is not below q.
__global__ void lower_bounds(const double *sorted, size_t n, const double *queries, size_t m, long *pos) {
    const size_t j = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= m) return;
    const double q = queries[j];
    size_t lo = 0, hi = n;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < q) lo = mid + 1;
        else hi = mid;
    }
    pos[j] = (long)lo;
}
