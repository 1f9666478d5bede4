#include <cstddef>
#include <omp.h>
#include <vector>

// Triangles through v = half the sum, over v's neighbours u, of the common neighbours of u and v
// (each triangle {v, a, b} is seen from a and from b). Each thread writes its own count[v].
static long long through(const int *row_ptr, const int *col_idx, long v) {
    long long twice = 0;
    const int *vb = col_idx + row_ptr[v], *ve = col_idx + row_ptr[v + 1];
    for (const int *pu = vb; pu < ve; ++pu) {
        const int *a = vb, *b = col_idx + row_ptr[*pu], *be = col_idx + row_ptr[*pu + 1];
        while (a < ve && b < be) {
            if (*a < *b) ++a;
            else if (*b < *a) ++b;
            else ++twice, ++a, ++b;
        }
    }
    return twice / 2;
}

void triangle_count(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count) {
#pragma omp parallel for schedule(dynamic, 64)
    for (long v = 0; v < (long)n; ++v) count[v] = through(row_ptr.data(), col_idx.data(), v);
}
