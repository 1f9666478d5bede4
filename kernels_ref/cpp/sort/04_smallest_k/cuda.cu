#include <cstddef>

// One thread per position of in; only kept positions (offset < k in their run) take part. A value at
// offset r of the left run of a merge lands at offset r + (the number of kept right-run values
// strictly smaller); one at offset r of the right run at r + (the number of kept left-run values not
// larger): equal values of the left run go first, so every slot gets exactly one value. Slots at or
// past k are dropped. Once runs are longer than k, most threads return at once.
__global__ void smallest_k(const double *in, double *work_out, double *out, size_t n, size_t k, size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width;
    if (i - start >= k) return;  // not kept
    const double v = in[i];
    size_t left, lo, hi, first;
    if (!(run & 1)) {
        left = start;
        lo = first = start + width < n ? start + width : n;
        hi = lo + k < start + 2 * width ? lo + k : start + 2 * width;  // the kept part of the right run
        if (hi > n) hi = n;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (in[mid] < v) lo = mid + 1;
            else hi = mid;
        }
    } else {
        left = start - width;
        lo = first = left;
        hi = left + (k < width ? k : width);
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (in[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
    }
    const size_t pos = (i - start) + (lo - first);
    if (pos >= k) return;
    if (2 * width >= n) out[pos] = v;
    else work_out[left + pos] = v;
}
