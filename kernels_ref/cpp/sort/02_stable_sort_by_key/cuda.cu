#include <cstddef>

// One thread per pair of the input. A pair at offset r of the left run of a merge lands at offset
// r + (the number of right-run keys < its key); one at offset r of the right run at r + (the number
// of left-run keys <= its key). Equal keys of the left run therefore go first (stable), and every
// slot of the merged run gets exactly one pair. Counts are binary searches in the other run.
__global__ void stable_sort_by_key(const int *keys_in, const double *values_in, int *keys_out, double *values_out,
                                   size_t n, size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width;
    const int key = keys_in[i];
    size_t left, lo, hi, first;
    if (!(run & 1)) {  // left run: right-run keys strictly smaller
        left = start;
        lo = first = start + width < n ? start + width : n;
        hi = start + 2 * width < n ? start + 2 * width : n;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (keys_in[mid] < key) lo = mid + 1;
            else hi = mid;
        }
    } else {  // right run: left-run keys not larger
        left = start - width;
        lo = first = left;
        hi = start;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (keys_in[mid] <= key) lo = mid + 1;
            else hi = mid;
        }
    }
    const size_t to = left + (i - start) + (lo - first);
    keys_out[to] = key;
    values_out[to] = values_in[i];
}
