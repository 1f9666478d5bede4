// Wrong: the binary search covers the whole partner run, not only its kept first min(len, k) positions, so the unspecified garbage past them is counted once runs are longer than k.
#include <cstddef>

__global__ void smallest_k(const double *in, double *work_out, double *out, size_t n, size_t k, size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width;
    if (i - start >= k) return;
    const double v = in[i];
    size_t left, lo, hi, first;
    if (run % 2 == 0) {
        left = start;
        lo = first = start + width < n ? start + width : n;
        hi = start + 2 * width < n ? start + 2 * width : n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (in[mid] < v) lo = mid + 1;
            else hi = mid;
        }
    } else {
        left = start - width;
        lo = first = left;
        hi = start;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (in[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
    }
    const size_t pos = (i - start) + (lo - first);
    if (pos >= k) return;
    if (2 * width >= n) out[pos] = v;
    else work_out[left + pos] = v;
}
