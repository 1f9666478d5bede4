// Wrong: the combining pass has no stride loop: thread t of block 0 reads the partials of blocks 2t and 2t + 1 only, which covers 512 blocks, but the grid has up to 1024 (past n = 524288), so the last blocks' results are dropped.
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
        const size_t stride = (size_t)gridDim.x * blockDim.x;
        double bd = 0.0, bv = 0.0;  // distance and value of the thread's best
        // a thread sees its indices in increasing order: only a strictly better one replaces the best
        for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
            const double v = x[i], d = fabs(v - target);
            if (best < 0 || d < bd || (d == bd && v < bv)) best = (long)i, bd = d, bv = v;
        }
        best = block_best(x, target, best);
        if (threadIdx.x == 0) partial[blockIdx.x] = best;
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = 2 * threadIdx.x; b < 2 * threadIdx.x + 2 && b < gridDim.x; ++b)
            if (better(x, target, partial[b], best)) best = partial[b];
        best = block_best(x, target, best);
        if (threadIdx.x == 0) *result = best;
    }
}
