// Wrong: the last pass writes the sorted order itself (rank[q] = index at position q, the argsort) instead of its inverse rank[index] = q.
#include <cstddef>

__global__ void stable_ranks(const double *x, const int *order_in, int *order_out, int *rank, size_t n,
                             size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width;
    const int idx = order_in[i];
    const double v = x[idx];
    size_t left, lo, hi, first;
    if (run % 2 == 0) {
        left = start;
        lo = first = start + width < n ? start + width : n;
        hi = start + 2 * width < n ? start + 2 * width : n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (x[order_in[mid]] < v) lo = mid + 1;
            else hi = mid;
        }
    } else {
        left = start - width;
        lo = first = left;
        hi = start;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (x[order_in[mid]] <= v) lo = mid + 1;
            else hi = mid;
        }
    }
    const size_t to = left + (i - start) + (lo - first);
    if (2 * width >= n) rank[to] = idx;
    else order_out[to] = idx;
}
