// Wrong: the first pass has no grid-wide stride loop: block b reads only elements b * 1024 .. b * 1024 + 1023, as if the grid always had ceil(n / 1024) blocks, but it is capped at 1024 blocks, so past n = 1048576 the elements from 1048576 on are never read.
#include <cstddef>

// Neumaier summation in every thread: a running sum s and a correction c collecting the exact
// rounding error of each addition. Pairs (s, c) are combined by adding s2 into (s, c) with the
// same error-free step and c2 into the correction, so no partial result loses its errors.
static __device__ __forceinline__ void add(double &s, double &c, double v) {
    const double t = s + v;
    c += fabs(s) >= fabs(v) ? (s - t) + v : (v - t) + s;
    s = t;
}

static __device__ __forceinline__ void add_pair(double &s, double &c, double s2, double c2) {
    add(s, c, s2);
    c += c2;
}

// Combines the (s, c) pairs of all threads of the block (blockDim.x a power of two, at most 256).
static __device__ void block_combine(double &s, double &c) {
    __shared__ double ss[256], cs[256];
    ss[threadIdx.x] = s;
    cs[threadIdx.x] = c;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) {
            double a = ss[threadIdx.x], b = cs[threadIdx.x];
            add_pair(a, b, ss[threadIdx.x + half], cs[threadIdx.x + half]);
            ss[threadIdx.x] = a;
            cs[threadIdx.x] = b;
        }
        __syncthreads();
    }
    s = ss[0];
    c = cs[0];
}

// pass 0: each block's (s, c) into partial[2b], partial[2b+1]; pass 1: block 0 combines them.
__global__ void accurate_sum(const double *x, size_t n, double *sum, double *partial, int pass) {
    double s = 0.0, c = 0.0;
    if (pass == 0) {
        const size_t begin = (size_t)blockIdx.x * 1024, end = min(n, begin + 1024);  // ceil(n / 1024) blocks: 1024 elements each
        for (size_t i = begin + threadIdx.x; i < end; i += blockDim.x) add(s, c, x[i]);
        block_combine(s, c);
        if (threadIdx.x == 0) {
            partial[2 * blockIdx.x] = s;
            partial[2 * blockIdx.x + 1] = c;
        }
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) add_pair(s, c, partial[2 * b], partial[2 * b + 1]);
        block_combine(s, c);
        if (threadIdx.x == 0) *sum = s + c;
    }
}
