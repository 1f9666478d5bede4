// Wrong: one thread per element (if (i < n) with i = threadIdx.x, no stride loop), but the launch is a single block of 1024 threads, so for n > 1024 the elements past 1024 are never updated.
#include <cstddef>

// The launch is one block: __syncthreads() is a barrier for the whole kernel. Each thread owns
// element threadIdx.x of every vector; dot products reduce across the block in shared memory.
static __device__ double block_dot(const double *a, const double *b, size_t n, double *partial) {
    const size_t i = threadIdx.x;
    partial[threadIdx.x] = i < n ? a[i] * b[i] : 0.0;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
        __syncthreads();
    }
    const double total = partial[0];
    __syncthreads();  // everyone has read it before the next reduction overwrites it
    return total;
}

__global__ void __launch_bounds__(1024) cg(size_t n, const int *row_ptr, const int *col_idx, const double *values, const double *b,
                   double *x, int iterations, double *r, double *p, double *q) {
    __shared__ double partial[1024];
    const size_t i = threadIdx.x;
    if (i < n) {
        x[i] = 0.0;
        r[i] = b[i];
        p[i] = b[i];
    }
    __syncthreads();
    double rr = block_dot(r, r, n, partial);
    for (int it = 0; it < iterations && rr != 0.0; ++it) {
        if (i < n) {
            double s = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * p[col_idx[k]];
            q[i] = s;
        }
        __syncthreads();
        const double alpha = rr / block_dot(p, q, n, partial);
        if (i < n) {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
        }
        __syncthreads();
        const double rr_new = block_dot(r, r, n, partial);
        const double beta = rr_new / rr;
        if (i < n) p[i] = r[i] + beta * p[i];
        __syncthreads();
        rr = rr_new;
    }
}
