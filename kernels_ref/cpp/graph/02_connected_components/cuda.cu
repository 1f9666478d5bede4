#include <cstddef>

// One thread per vertex v per round: m = the smallest label among v's own, its neighbours' and
// the label of its label (a shortcut: label[x] is always a vertex of x's component and never above
// x). m is written into v and pushed to the neighbours with atomicMin, so labels only decrease.
// A round that lowers no label leaves *changed at 0; then every component carries one label, and
// its smallest vertex w keeps label[w] = w.
__global__ void connected_components(size_t n, const int *row_ptr, const int *col_idx, int *label, int *changed) {
    const size_t v = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (v >= n) return;
    const int own = label[v];
    int m = min(own, label[own]);
    for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) m = min(m, label[col_idx[k]]);
    bool lowered = false;
    if (m < own) lowered = atomicMin(&label[v], m) > m;
    for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k)
        if (label[col_idx[k]] > m && atomicMin(&label[col_idx[k]], m) > m) lowered = true;
    if (lowered) *changed = 1;
}
