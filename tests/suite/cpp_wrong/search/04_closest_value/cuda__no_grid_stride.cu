// Wrong: the first pass has no grid-wide stride loop: block b reads only elements b * 1024 .. b * 1024 + 1023, as if the grid always had ceil(n / 1024) blocks, but it is capped at 1024 blocks, so past n = 1048576 the elements from 1048576 on are never read.
#include <cstddef>

// Candidates are ordered by (distance to target, value, index); -1 is "none" and loses to all.
static __device__ __forceinline__ bool better(const double *x, double t, long i, long j) {
    if (i < 0) return false;
    if (j < 0) return true;
    const double di = fabs(x[i] - t), dj = fabs(x[j] - t);
    if (di != dj) return di < dj;
    if (x[i] != x[j]) return x[i] < x[j];
    return i < j;
}

// The best candidate of the block (blockDim.x a power of two, at most 256); valid in thread 0.
static __device__ long block_best(const double *x, double t, long i) {
    __shared__ long s[256];
    s[threadIdx.x] = i;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half && better(x, t, s[threadIdx.x + half], s[threadIdx.x])) s[threadIdx.x] = s[threadIdx.x + half];
        __syncthreads();
    }
    return s[0];
}

// pass 0: each block's best index into partial[b]; pass 1: block 0 picks the best of those.
__global__ void closest_index(const double *x, size_t n, double target, long *result, long *partial, int pass) {
    long best = -1;
    if (pass == 0) {
        const size_t begin = (size_t)blockIdx.x * 1024, end = min(n, begin + 1024);  // ceil(n / 1024) blocks: 1024 elements each
        double bd = 0.0, bv = 0.0;  // distance and value of the thread's best
        // a thread sees its indices in increasing order: only a strictly better one replaces the best
        for (size_t i = begin + threadIdx.x; i < end; i += blockDim.x) {
            const double v = x[i], d = fabs(v - target);
            if (best < 0 || d < bd || (d == bd && v < bv)) best = (long)i, bd = d, bv = v;
        }
        best = block_best(x, target, best);
        if (threadIdx.x == 0) partial[blockIdx.x] = best;
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x)
            if (better(x, target, partial[b], best)) best = partial[b];
        best = block_best(x, target, best);
        if (threadIdx.x == 0) *result = best;
    }
}
