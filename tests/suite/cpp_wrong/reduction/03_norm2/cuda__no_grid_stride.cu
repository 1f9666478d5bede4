// Wrong: passes 0 and 1 have no grid-wide stride loop: block b reads only elements b * 1024 .. b * 1024 + 1023, as if the grid always had ceil(n / 1024) blocks, but it is capped at 1024 blocks, so past n = 1048576 the elements from 1048576 on are never read.
#include <cstddef>

// Sum (op = 0) or maximum (op = 1) of the block's values (blockDim.x a power of two, at most 256).
static __device__ double block_reduce(double v, int op) {
    __shared__ double s[256];
    s[threadIdx.x] = v;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) s[threadIdx.x] = op ? fmax(s[threadIdx.x], s[threadIdx.x + half]) : s[threadIdx.x] + s[threadIdx.x + half];
        __syncthreads();
    }
    const double r = s[0];
    __syncthreads();  // everyone has read it before a later call overwrites s
    return r;
}

// The largest magnitude m, from the per-block maxima partial[0 .. gridDim.x-1].
static __device__ double global_max(const double *partial) {
    double m = 0.0;
    for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) m = fmax(m, partial[b]);
    return block_reduce(m, 1);
}

// 2^-e for m = f * 2^e (0.5 <= f < 1): scaled by it every element is at most 1 in magnitude,
// exactly (a power of two), so squares neither overflow nor underflow unless negligible.
static __device__ double scale_for(double m) {
    int e;
    frexp(m, &e);
    return ldexp(1.0, -e);
}

// pass 0: per-block largest magnitude into partial[b]; pass 1: every block finds the global one
// and writes the sum of its scaled squares into partial[1024 + b]; pass 2: block 0 adds them.
__global__ void norm2(const double *x, size_t n, double *norm, double *partial, int pass) {
    const size_t begin = (size_t)blockIdx.x * 1024, end = min(n, begin + 1024);  // ceil(n / 1024) blocks: 1024 elements each
    if (pass == 0) {
        double m = 0.0;
        for (size_t i = begin + threadIdx.x; i < end; i += blockDim.x) m = fmax(m, fabs(x[i]));
        m = block_reduce(m, 1);
        if (threadIdx.x == 0) partial[blockIdx.x] = m;
    } else if (pass == 1) {
        const double m = global_max(partial);
        double sum = 0.0;
        if (m > 0.0) {
            const double s = scale_for(m);
            for (size_t i = begin + threadIdx.x; i < end; i += blockDim.x) {
                const double y = x[i] * s;
                sum += y * y;
            }
        }
        sum = block_reduce(sum, 0);
        if (threadIdx.x == 0) partial[1024 + blockIdx.x] = sum;
    } else {
        if (blockIdx.x != 0) return;
        const double m = global_max(partial);
        double sum = 0.0;
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) sum += partial[1024 + b];
        sum = block_reduce(sum, 0);
        if (threadIdx.x == 0) *norm = m > 0.0 ? sqrt(sum) / scale_for(m) : 0.0;
    }
}
