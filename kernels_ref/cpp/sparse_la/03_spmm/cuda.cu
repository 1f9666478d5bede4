#include <cstddef>

// One thread per element C[i][c]: the K threads of a row read the same nonzeros (broadcast from
// the cache) and consecutive columns of B's rows (coalesced).
__global__ void spmm(size_t M, size_t N, size_t K, const int *row_ptr, const int *col_idx, const double *values,
                     const double *B, double *C) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (K == 0 || t >= M * K) return;
    const size_t i = t / K, c = t % K;
    double s = 0.0;
    for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * B[(size_t)col_idx[k] * K + c];
    C[t] = s;
}
