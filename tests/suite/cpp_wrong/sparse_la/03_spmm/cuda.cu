// Wrong: accumulates into C with += without zeroing it first (C's contents on entry are unspecified), as if C started at zero.
#include <cstddef>

__global__ void spmm(size_t M, size_t N, size_t K, const int *row_ptr, const int *col_idx, const double *values,
                     const double *B, double *C) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (K == 0 || t >= M * K) return;
    const size_t i = t / K, c = t % K;
    for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) C[t] += values[k] * B[(size_t)col_idx[k] * K + c];
}
