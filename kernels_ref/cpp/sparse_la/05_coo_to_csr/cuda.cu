#include <cstddef>

// Seven phases (one launch each): bucket the triplets by row (count, prefix sum in one block,
// scatter with atomic cursors kept in row_ptr), sort and merge every row's bucket in place (one
// thread per row; rows are short), prefix-sum the distinct counts into row_ptr, and pack the rows.
// A row's bucket order depends on timing, so duplicates may be summed in any order (allowed).
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

__global__ void coo_to_csr(size_t M, size_t N, size_t nnz, const int *rows, const int *cols, const double *vals,
                           int *row_ptr, int *col_idx, double *values, int *count, int *bucket_cols,
                           double *bucket_vals, int phase) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    switch (phase) {
        case 0:  // count[i + 1] will count the triplets of row i
            if (t <= M) count[t] = 0;
            break;
        case 1:
            if (t < nnz) atomicAdd(&count[rows[t] + 1], 1);
            break;
        case 2:  // bucket starts; row_ptr[i] is row i's cursor until phase 4
            if (blockIdx.x != 0) return;
            block_inclusive_scan(count, M + 1);
            __syncthreads();
            for (size_t i = threadIdx.x; i < M; i += blockDim.x) row_ptr[i] = count[i];
            break;
        case 3:
            if (t < nnz) {
                const int p = atomicAdd(&row_ptr[rows[t]], 1);
                bucket_cols[p] = cols[t];
                bucket_vals[p] = vals[t];
            }
            break;
        case 4: {  // sort row t's bucket by column, merge equal columns; row_ptr[t + 1] = distinct count
            if (t > M) return;
            if (t == 0) row_ptr[0] = 0;
            if (t == M) return;
            const int b = count[t], e = count[t + 1];
            int *c = bucket_cols;
            double *v = bucket_vals;
            for (int a = b + 1; a < e; ++a) {
                const int ca = c[a];
                const double va = v[a];
                int q = a;
                for (; q > b && c[q - 1] > ca; --q) c[q] = c[q - 1], v[q] = v[q - 1];
                c[q] = ca, v[q] = va;
            }
            int out = b;
            for (int a = b; a < e; ++a) {
                if (out > b && c[out - 1] == c[a]) {
                    v[out - 1] += v[a];
                } else {
                    c[out] = c[a], v[out] = v[a];
                    ++out;
                }
            }
            row_ptr[t + 1] = out - b;
            break;
        }
        case 5:
            if (blockIdx.x != 0) return;
            block_inclusive_scan(row_ptr, M + 1);
            break;
        case 6: {  // pack row t
            if (t >= M) return;
            const int from = count[t], to = row_ptr[t], len = row_ptr[t + 1] - to;
            for (int a = 0; a < len; ++a) col_idx[to + a] = bucket_cols[from + a], values[to + a] = bucket_vals[from + a];
            break;
        }
    }
}
