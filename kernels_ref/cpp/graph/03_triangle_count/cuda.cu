#include <cstddef>

// One thread per vertex v: triangles through v = half the sum, over v's neighbours u, of the
// common neighbours of u and v, found by merging the two sorted rows.
__global__ void triangle_count(size_t n, const int *row_ptr, const int *col_idx, long long *count) {
    const size_t v = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (v >= n) return;
    long long twice = 0;
    const int vb = row_ptr[v], ve = row_ptr[v + 1];
    for (int k = vb; k < ve; ++k) {
        const int u = col_idx[k];
        int a = vb, b = row_ptr[u];
        const int be = row_ptr[u + 1];
        while (a < ve && b < be) {
            const int x = col_idx[a], y = col_idx[b];
            if (x < y) ++a;
            else if (y < x) ++b;
            else ++twice, ++a, ++b;
        }
    }
    count[v] = twice / 2;
}
