// Wrong: the merge compares magnitudes only and forgets the tie rule (negative first on equal magnitude), so -v and v keep whatever order the runs give them.
#include <cmath>
#include <cstddef>

__global__ void sort_by_magnitude(const double *in, double *out, size_t n, size_t width) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const size_t run = i / width, start = run * width;
    const double v = in[i], m = fabs(v);
    if (run % 2 == 0) {
        size_t lo = start + width < n ? start + width : n, hi = start + 2 * width < n ? start + 2 * width : n;
        const size_t first = lo;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (fabs(in[mid]) < m) lo = mid + 1;
            else hi = mid;
        }
        out[start + (i - start) + (lo - first)] = v;
    } else {
        const size_t left = start - width;
        size_t lo = left, hi = start;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (fabs(in[mid]) <= m) lo = mid + 1;
            else hi = mid;
        }
        out[left + (i - start) + (lo - left)] = v;
    }
}
