// Wrong: the combining pass has no stride loop: thread t of block 0 reads the partials of blocks 2t and 2t + 1 only, which covers 512 blocks, but the grid has up to 1024 (past n = 524288), so the last blocks' results are dropped.
#include <cstddef>

// (m, s): the largest element m seen and s = sum of exp(x[i] - m); (-inf, 0) is the empty set.
static __device__ __forceinline__ void add(double &m, double &s, double v) {
    if (v > m) {
        s = s * exp(m - v) + 1.0;  // exp(-inf) = 0 for the first element
        m = v;
    } else {
        s += exp(v - m);
    }
}

static __device__ __forceinline__ void combine(double &m, double &s, double m2, double s2) {
    if (m2 > m) {
        const double t = m;
        m = m2, m2 = t;
        const double u = s;
        s = s2, s2 = u;
    }
    if (s2 > 0.0) s += s2 * exp(m2 - m);  // m2 finite here (an empty pair has s2 == 0)
}

// Combines the pairs of the block's threads (blockDim.x a power of two, at most 256).
static __device__ void block_combine(double &m, double &s) {
    __shared__ double ms[256], ss[256];
    ms[threadIdx.x] = m, ss[threadIdx.x] = s;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) {
            double a = ms[threadIdx.x], b = ss[threadIdx.x];
            combine(a, b, ms[threadIdx.x + half], ss[threadIdx.x + half]);
            ms[threadIdx.x] = a, ss[threadIdx.x] = b;
        }
        __syncthreads();
    }
    m = ms[0], s = ss[0];
}

// pass 0: each block's (m, s) into partial[2b], partial[2b+1]; pass 1: block 0 combines them.
__global__ void logsumexp(const double *x, size_t n, double *result, double *partial, int pass) {
    const double neg_inf = -__longlong_as_double(0x7ff0000000000000ll);
    double m = neg_inf, s = 0.0;
    if (pass == 0) {
        const size_t stride = (size_t)gridDim.x * blockDim.x;
        for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) add(m, s, x[i]);
        block_combine(m, s);
        if (threadIdx.x == 0) {
            partial[2 * blockIdx.x] = m;
            partial[2 * blockIdx.x + 1] = s;
        }
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = 2 * threadIdx.x; b < 2 * threadIdx.x + 2 && b < gridDim.x; ++b) combine(m, s, partial[2 * b], partial[2 * b + 1]);
        block_combine(m, s);
        if (threadIdx.x == 0) *result = s > 0.0 ? m + log(s) : neg_inf;
    }
}
