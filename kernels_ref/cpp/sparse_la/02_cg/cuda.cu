#include <cstddef>

// The launch is one block: __syncthreads() is a barrier for the whole kernel. Dot products reduce
// per thread, then across the block in shared memory (a tree over a power-of-two block).
static __device__ double block_dot(const double *a, const double *b, size_t n, double *partial) {
    double s = 0.0;
    for (size_t i = threadIdx.x; i < n; i += blockDim.x) s += a[i] * b[i];
    partial[threadIdx.x] = s;
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
    for (size_t i = threadIdx.x; i < n; i += blockDim.x) {
        x[i] = 0.0;
        r[i] = b[i];
        p[i] = b[i];
    }
    __syncthreads();
    double rr = block_dot(r, r, n, partial);
    for (int it = 0; it < iterations && rr != 0.0; ++it) {
        for (size_t i = threadIdx.x; i < n; i += blockDim.x) {
            double s = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * p[col_idx[k]];
            q[i] = s;
        }
        __syncthreads();
        const double alpha = rr / block_dot(p, q, n, partial);
        for (size_t i = threadIdx.x; i < n; i += blockDim.x) {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
        }
        __syncthreads();
        const double rr_new = block_dot(r, r, n, partial);
        const double beta = rr_new / rr;
        for (size_t i = threadIdx.x; i < n; i += blockDim.x) p[i] = r[i] + beta * p[i];
        __syncthreads();
        rr = rr_new;
    }
}
