// Wrong: phase 1 adds the whole dangling sum D to every vertex instead of D / n.
#include <cstddef>

__global__ void pr_scores(size_t n, const int *row_ptr, const int *col_idx, const int *out_degree, double damping,
                         const double *scores, double *next, double *dangling, int phase) {
    const size_t v = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (v >= n) return;
    if (phase == 0) {
        if (out_degree[v] == 0) atomicAdd(dangling, scores[v]);
        return;
    }
    double s = 0.0;
    for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) s += scores[col_idx[k]] / out_degree[col_idx[k]];
    next[v] = (1.0 - damping) / (double)n + damping * (*dangling + s);
}
