// Wrong: column j is counted in t_row_ptr[j] instead of t_row_ptr[j + 1] before the inclusive prefix sum, so every row start of T is off by one row (t_row_ptr[0] is not 0).
#include <cstddef>

__global__ void csr_transpose(size_t M, size_t N, size_t nnz, const int *row_ptr, const int *col_idx,
                              const double *values, int *t_row_ptr, int *t_col_idx, double *t_values, int *next,
                              int phase) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (phase == 0) {
        if (t <= N) t_row_ptr[t] = 0;
    } else if (phase == 1) {
        if (t < nnz) atomicAdd(&t_row_ptr[col_idx[t]], 1);
    } else if (phase == 2) {
        if (t == 0) {
            for (size_t j = 1; j <= N; ++j) t_row_ptr[j] += t_row_ptr[j - 1];
            for (size_t j = 0; j <= N; ++j) next[j] = t_row_ptr[j];
        }
    } else if (phase == 3) {
        if (t < M) {
            for (int k = row_ptr[t]; k < row_ptr[t + 1]; ++k) {
                int p = atomicAdd(&next[col_idx[k]], 1);
                if (p >= 0 && (size_t)p < nnz) t_col_idx[p] = (int)t, t_values[p] = values[k];
            }
        }
    } else if (phase == 4) {
        if (t < N) {
            int b = t_row_ptr[t], e = t_row_ptr[t + 1];
            if (b < 0) b = 0;
            if (e > (int)nnz) e = (int)nnz;
            for (int a = b + 1; a < e; ++a) {
                int c = t_col_idx[a];
                double v = t_values[a];
                int q = a;
                for (; q > b && t_col_idx[q - 1] > c; --q) t_col_idx[q] = t_col_idx[q - 1], t_values[q] = t_values[q - 1];
                t_col_idx[q] = c, t_values[q] = v;
            }
        }
    }
}
