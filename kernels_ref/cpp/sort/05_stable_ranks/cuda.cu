#include <cstddef>

// One thread per position of order_in. An index at offset r of the left run of a merge lands at
// offset r + (the number of right-run indices before it in the stable order: smaller values, as
// every right-run index is larger than every left-run one); one at offset r of the right run at
// r + (the number of left-run indices with values not larger). Counts are binary searches.
__global__ void stable_ranks(const double *x, const int *order_in, int *order_out, int *rank, size_t n,
                             size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width;
    const int idx = order_in[i];
    const double v = x[idx];
    size_t left, lo, hi, first;
    if (!(run & 1)) {
        left = start;
        lo = first = start + width < n ? start + width : n;
        hi = start + 2 * width < n ? start + 2 * width : n;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (x[order_in[mid]] < v) lo = mid + 1;
            else hi = mid;
        }
    } else {
        left = start - width;
        lo = first = left;
        hi = start;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (x[order_in[mid]] <= v) lo = mid + 1;
            else hi = mid;
        }
    }
    const size_t to = left + (i - start) + (lo - first);
    if (2 * width >= n) rank[idx] = (int)to;
    else order_out[to] = idx;
}
