// Wrong: the merge ranks ties the wrong way round (left run counts right-run keys <=, right run counts left-run keys <), so equal keys from the right run overtake the left run: no collisions, but not stable.
#include <cstddef>

__global__ void stable_sort_by_key(const int *keys_in, const double *values_in, int *keys_out, double *values_out,
                                   size_t n, size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width;
    const int key = keys_in[i];
    size_t left, lo, hi, first;
    if (run % 2 == 0) {
        left = start;
        lo = first = start + width < n ? start + width : n;
        hi = start + 2 * width < n ? start + 2 * width : n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (keys_in[mid] <= key) lo = mid + 1;
            else hi = mid;
        }
    } else {
        left = start - width;
        lo = first = left;
        hi = start;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (keys_in[mid] < key) lo = mid + 1;
            else hi = mid;
        }
    }
    const size_t to = left + (i - start) + (lo - first);
    keys_out[to] = key;
    values_out[to] = values_in[i];
}
