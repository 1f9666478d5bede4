// Wrong: the trailing update also covers column k (j >= k instead of j > k), so every multiplier
// A[i][k] is overwritten with A[i][k] - A[i][k] * A[k][k].
#include <cstddef>

// One elimination step k, in two launches. x of the grid runs along the columns j, y along the rows i.
// stage 0: the multipliers A[i][k] /= A[k][k] below the diagonal (threads of column k only);
// stage 1: the rank-1 update of the trailing submatrix, which reads column k and row k but
//          writes neither, so the threads of one launch never race.
__global__ void lu(double *A, size_t n, size_t k, int stage) {
    const size_t j = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const size_t i = (size_t)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= n || i <= k) return;
    if (stage == 0) {
        // one thread per row: let the threads with x index 0 of each block row handle it, so that
        // only the blocks of the first grid column work (any mapping would do)
        if (j == 0) A[i * n + k] /= A[k * n + k];
        return;
    }
    if (j >= n || j < k) return;  // wrong: column k (the multipliers) is updated too
    A[i * n + j] -= A[i * n + k] * A[k * n + j];
}
