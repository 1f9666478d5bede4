// Wrong: drops the entries whose duplicates sum to exactly zero, though the prompt says to keep them as explicit zeros.
#include <cstddef>

__global__ void coo_to_csr(size_t M, size_t N, size_t nnz, const int *rows, const int *cols, const double *vals,
                           int *row_ptr, int *col_idx, double *values, int *count, int *bucket_cols,
                           double *bucket_vals, int phase) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (phase == 0) {
        if (t <= M) count[t] = 0;
    } else if (phase == 1) {
        if (t < nnz) atomicAdd(&count[rows[t] + 1], 1);
    } else if (phase == 2) {
        if (t == 0) {
            for (size_t i = 1; i <= M; ++i) count[i] += count[i - 1];
            for (size_t i = 0; i < M; ++i) row_ptr[i] = count[i];
        }
    } else if (phase == 3) {
        if (t < nnz) {
            int p = atomicAdd(&row_ptr[rows[t]], 1);
            bucket_cols[p] = cols[t];
            bucket_vals[p] = vals[t];
        }
    } else if (phase == 4) {
        if (t == 0) row_ptr[0] = 0;
        if (t < M) {
            int b = count[t], e = count[t + 1];
            for (int a = b + 1; a < e; ++a) {
                int c = bucket_cols[a];
                double v = bucket_vals[a];
                int q = a;
                for (; q > b && bucket_cols[q - 1] > c; --q) bucket_cols[q] = bucket_cols[q - 1], bucket_vals[q] = bucket_vals[q - 1];
                bucket_cols[q] = c, bucket_vals[q] = v;
            }
            int out = b;
            for (int a = b; a < e;) {
                int c = bucket_cols[a];
                double s = 0.0;
                for (; a < e && bucket_cols[a] == c; ++a) s += bucket_vals[a];
                if (s != 0.0) bucket_cols[out] = c, bucket_vals[out] = s, ++out;
            }
            row_ptr[t + 1] = out - b;
        }
    } else if (phase == 5) {
        if (t == 0)
            for (size_t i = 1; i <= M; ++i) row_ptr[i] += row_ptr[i - 1];
    } else if (phase == 6) {
        if (t < M)
            for (int a = 0; a < row_ptr[t + 1] - row_ptr[t]; ++a)
                col_idx[row_ptr[t] + a] = bucket_cols[count[t] + a], values[row_ptr[t] + a] = bucket_vals[count[t] + a];
    }
}
