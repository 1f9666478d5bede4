// Wrong: the bounds guard is off by one (i > M instead of i >= M), so thread M reads row_ptr[M + 1] past the end and writes y[M].
#include <cstddef>

// One thread per row (the launch gives a thread per row).
__global__ void spmv(size_t M, size_t N, const int *row_ptr, const int *col_idx, const double *values,
                     const double *x, double *y) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i > M) return;
    double sum = 0.0;
    for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) sum += values[k] * x[col_idx[k]];
    y[i] = sum;
}
