#include <cstddef>

// Five phases (one launch each): zero the row starts of T, count every column's entries, prefix-sum
// the counts in one block, scatter the entries with atomic slot cursors, sort every row of T by row
// index (the scatter's order within a row depends on timing; the sort makes the result exact).
namespace {
// Inclusive prefix sum of a[0..len) in place by one block: each thread sums a contiguous segment,
// the segment totals are scanned in shared memory, then each thread rewrites its segment.
__device__ void block_inclusive_scan(int *a, size_t len) {
    __shared__ long long part[1024];
    const size_t threads = blockDim.x, seg = (len + threads - 1) / threads;
    const size_t lo = threadIdx.x * seg < len ? threadIdx.x * seg : len;
    const size_t hi = lo + seg < len ? lo + seg : len;
    long long s = 0;
    for (size_t e = lo; e < hi; ++e) s += a[e];
    part[threadIdx.x] = s;
    __syncthreads();
    if (threadIdx.x == 0)
        for (unsigned t = 1; t < threads; ++t) part[t] += part[t - 1];
    __syncthreads();
    long long run = threadIdx.x ? part[threadIdx.x - 1] : 0;
    for (size_t e = lo; e < hi; ++e) a[e] = (int)(run += a[e]);
}
}  // namespace

__global__ void csr_transpose(size_t M, size_t N, size_t nnz, const int *row_ptr, const int *col_idx,
                              const double *values, int *t_row_ptr, int *t_col_idx, double *t_values, int *next,
                              int phase) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    switch (phase) {
        case 0:  // t_row_ptr[j + 1] will count column j
            if (t <= N) t_row_ptr[t] = 0;
            break;
        case 1:
            if (t < nnz) atomicAdd(&t_row_ptr[col_idx[t] + 1], 1);
            break;
        case 2:  // row starts of T, and the scatter cursors
            if (blockIdx.x != 0) return;
            block_inclusive_scan(t_row_ptr, N + 1);
            __syncthreads();
            for (size_t j = threadIdx.x; j <= N; j += blockDim.x) next[j] = t_row_ptr[j];
            break;
        case 3: {  // entry t of A: its row is the last i with row_ptr[i] <= t
            if (t >= nnz) return;
            size_t lo = 0, hi = M;  // row_ptr[lo] <= t < row_ptr[hi]
            while (hi - lo > 1) {
                const size_t mid = lo + (hi - lo) / 2;
                if ((size_t)row_ptr[mid] <= t) lo = mid;
                else hi = mid;
            }
            const int p = atomicAdd(&next[col_idx[t]], 1);
            t_col_idx[p] = (int)lo;
            t_values[p] = values[t];
            break;
        }
        case 4: {  // insertion sort of row t of T (rows are short)
            if (t >= N) return;
            const int b = t_row_ptr[t], e = t_row_ptr[t + 1];
            for (int a = b + 1; a < e; ++a) {
                const int c = t_col_idx[a];
                const double v = t_values[a];
                int q = a;
                for (; q > b && t_col_idx[q - 1] > c; --q) t_col_idx[q] = t_col_idx[q - 1], t_values[q] = t_values[q - 1];
                t_col_idx[q] = c, t_values[q] = v;
            }
            break;
        }
    }
}
