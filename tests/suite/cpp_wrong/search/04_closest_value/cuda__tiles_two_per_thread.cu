// Wrong: pass 0 deals 1024-element tiles round-robin (block b takes tiles b, b + gridDim.x, ...), and pass 1
// has no stride loop: thread t of block 0 reads partial[t] and partial[t + 256] only, which covers blocks 0 to
// 511 of up to 1024 (past n = 524288). An index in tile k lies in block k mod 1024: past 1048576 that is 512 or
// more only from index 1572864 on, so a check whose winner sits only at n - 1 < 1572864 (1180001: tile 1152,
// block 128) does not catch it.
#include <cstddef>

constexpr unsigned TILE = 1024;

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
        if (threadIdx.x < half && better(x, t, s[threadIdx.x + half], s[threadIdx.x]))
            s[threadIdx.x] = s[threadIdx.x + half];
        __syncthreads();
    }
    return s[0];
}

// pass 0: each block's best index into partial[b], block b over the tiles of TILE elements b, b + gridDim.x, ...;
// pass 1: block 0 picks the best of those.
__global__ void closest_index(const double *x, size_t n, double target, long *result, long *partial, int pass) {
    long best = -1;
    if (pass == 0) {
        double bd = 0.0, bv = 0.0;  // distance and value of the thread's best
        // a thread sees its indices in increasing order: only a strictly better one replaces the best
        for (size_t base = (size_t)blockIdx.x * TILE; base < n; base += (size_t)gridDim.x * TILE)
            for (size_t i = base + threadIdx.x; i < base + TILE && i < n; i += blockDim.x) {
                const double v = x[i], d = fabs(v - target);
                if (best < 0 || d < bd || (d == bd && v < bv)) best = (long)i, bd = d, bv = v;
            }
        best = block_best(x, target, best);
        if (threadIdx.x == 0) partial[blockIdx.x] = best;
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = threadIdx.x; b < 2 * blockDim.x && b < gridDim.x; b += blockDim.x)  // two blocks per thread
            if (better(x, target, partial[b], best)) best = partial[b];
        best = block_best(x, target, best);
        if (threadIdx.x == 0) *result = best;
    }
}
