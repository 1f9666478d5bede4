// Wrong: each vertex takes the smallest label among its neighbours only, forgetting its own, so labels can rise and oscillate.
#include <climits>
#include <cstddef>

__global__ void connected_components(size_t n, const int *row_ptr, const int *col_idx, int *label, int *changed) {
    const size_t v = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (v >= n) return;
    int m = INT_MAX;
    for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) m = min(m, label[col_idx[k]]);
    if (m != INT_MAX && m != label[v]) {
        label[v] = m;
        *changed = 1;
    }
}
