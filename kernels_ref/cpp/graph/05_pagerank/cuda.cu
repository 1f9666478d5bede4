#include <cstddef>

// Phase 0: one thread per vertex; the dangling scores of a block are summed in shared memory and
// one atomicAdd per block adds them to *dangling. Phase 1: one thread per vertex v pulls
// r[u] / out_degree[u] over v's incoming edges.
__global__ void pr_scores(size_t n, const int *row_ptr, const int *col_idx, const int *out_degree, double damping,
                         const double *scores, double *next, double *dangling, int phase) {
    const size_t v = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (phase == 0) {
        __shared__ double part[1024];
        part[threadIdx.x] = v < n && out_degree[v] == 0 ? scores[v] : 0.0;
        __syncthreads();
        for (unsigned s = blockDim.x / 2; s > 0; s /= 2) {
            if (threadIdx.x < s) part[threadIdx.x] += part[threadIdx.x + s];
            __syncthreads();
        }
        if (threadIdx.x == 0 && part[0] != 0.0) atomicAdd(dangling, part[0]);
        return;
    }
    if (v >= n) return;
    double s = 0.0;
    for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) s += scores[col_idx[k]] / out_degree[col_idx[k]];
    next[v] = (1.0 - damping) / (double)n + damping * (*dangling / (double)n + s);
}
