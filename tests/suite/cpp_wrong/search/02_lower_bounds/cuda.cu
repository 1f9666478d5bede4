// Wrong: the query index assumes blocks of 128 threads (blockIdx.x * 128), but the launch's blocks have 256, so blocks overlap and the upper half of the queries is never answered.
#include <cstddef>

#define BLOCK 128

// One thread per query: binary search for the first position whose value is not below q.
__global__ void lower_bounds(const double *sorted, size_t n, const double *queries, size_t m, long *pos) {
    const size_t j = (size_t)blockIdx.x * BLOCK + threadIdx.x;
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
