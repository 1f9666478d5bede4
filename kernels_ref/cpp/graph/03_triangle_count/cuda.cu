#include <cstddef>

// One thread per vertex v: triangles through v = half the sum, over v's neighbours u, of the common
// neighbours of u and v. Each intersection walks the shorter of the two sorted rows and finds its
// entries in the longer one by binary search from the last match, so that a vertex of high degree
// (a hub, a wheel's centre) costs its degree times a logarithm, not its degree squared.
__device__ static int lower_bound(const int *col_idx, int lo, int hi, int x) {
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (col_idx[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

__global__ void triangle_count(size_t n, const int *row_ptr, const int *col_idx, long long *count) {
    const size_t v = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (v >= n) return;
    long long twice = 0;
    const int vb = row_ptr[v], ve = row_ptr[v + 1];
    for (int k = vb; k < ve; ++k) {
        const int u = col_idx[k];
        int s = vb, se = ve, l = row_ptr[u], le = row_ptr[u + 1];
        if (se - s > le - l) {
            const int t = s, te = se;
            s = l, se = le, l = t, le = te;
        }
        for (; s < se && l < le; ++s) {
            l = lower_bound(col_idx, l, le, col_idx[s]);
            if (l < le && col_idx[l] == col_idx[s]) ++twice, ++l;
        }
    }
    count[v] = twice / 2;
}
