#include <cmath>
#include <cstddef>

// One thread per element of in. An element at offset r of the left run of a pair lands at offset
// r + (the number of elements of the right run strictly before it); one at offset r of the right
// run at r + (the number of elements of the left run not after it). Equal values of the left run
// thus go first, and every slot of the merged run gets exactly one element. Counts are binary
// searches in the other (sorted) run.
namespace {
__device__ __forceinline__ bool before(double a, double b) {
    const double fa = fabs(a), fb = fabs(b);
    return fa < fb || (fa == fb && a < b);
}
}  // namespace

__global__ void sort_by_magnitude(const double *in, double *out, size_t n, size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width, left = (run & 1) ? start - width : start;
    const double v = in[i];
    size_t lo, hi;
    if (!(run & 1)) {  // left run: count right-run elements strictly before v
        lo = start + width < n ? start + width : n;
        hi = start + 2 * width < n ? start + 2 * width : n;
        const size_t first = lo;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (before(in[mid], v)) lo = mid + 1;
            else hi = mid;
        }
        out[left + (i - start) + (lo - first)] = v;
    } else {  // right run: count left-run elements not after v
        lo = left;
        hi = start;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (!before(v, in[mid])) lo = mid + 1;
            else hi = mid;
        }
        out[left + (i - start) + (lo - left)] = v;
    }
}
