// Wrong: pass 0 deals 512-element tiles round-robin (block b takes tiles b, b + gridDim.x, ...), and pass 1
// has no stride loop: thread t of block 0 reads the candidates of blocks t and t + 256 only, which covers blocks
// 0 to 511 of up to 1024 (past n = 524288), so an extreme found only by block 512 or later is lost. An index in
// tile k lies in block k mod 1024: at 1051002 the check had its maximum at 700001 (tile 1367, block 343) and its
// minimum at 1051001 (block 4), both read; at 983040 the maximum is in tile 1920, block 896.
#include <cstddef>
#include <cstdint>

constexpr unsigned TILE = 512;

// (value, index) pairs; "none" is (+inf, SIZE_MAX) for the minimum and (-inf, SIZE_MAX) for the
// maximum, which loses against every element (a real infinity wins by its smaller index).
static __device__ __forceinline__ bool less_pair(double v, size_t i, double w, size_t j) {
    return v < w || (v == w && i < j);
}
static __device__ __forceinline__ bool greater_pair(double v, size_t i, double w, size_t j) {
    return v > w || (v == w && i < j);
}

// Combines the candidates of the block's threads (blockDim.x a power of two, at most 256).
static __device__ void block_combine(double &vmin, size_t &imin, double &vmax, size_t &imax) {
    __shared__ double smin[256], smax[256];
    __shared__ size_t jmin[256], jmax[256];
    const unsigned t = threadIdx.x;
    smin[t] = vmin, jmin[t] = imin, smax[t] = vmax, jmax[t] = imax;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (t < half) {
            if (less_pair(smin[t + half], jmin[t + half], smin[t], jmin[t]))
                smin[t] = smin[t + half], jmin[t] = jmin[t + half];
            if (greater_pair(smax[t + half], jmax[t + half], smax[t], jmax[t]))
                smax[t] = smax[t + half], jmax[t] = jmax[t + half];
        }
        __syncthreads();
    }
    vmin = smin[0], imin = jmin[0], vmax = smax[0], imax = jmax[0];
}

// pass 0: each block's first minimum and first maximum index, over the tiles of TILE elements b, b + gridDim.x,
// ..., into partial[2b], partial[2b+1];
// pass 1: block 0 combines them (the values are read again from x).
__global__ void min_max_index(const double *x, size_t n, size_t *imin, size_t *imax, size_t *partial, int pass) {
    double vmin = __longlong_as_double(0x7ff0000000000000ll), vmax = -vmin;  // +inf, -inf
    size_t jmin = SIZE_MAX, jmax = SIZE_MAX;
    if (pass == 0) {
        // each thread sees its indices in increasing order: strict comparisons keep the first
        for (size_t base = (size_t)blockIdx.x * TILE; base < n; base += (size_t)gridDim.x * TILE)
            for (size_t i = base + threadIdx.x; i < base + TILE && i < n; i += blockDim.x) {
                const double v = x[i];
                if (jmin == SIZE_MAX || v < vmin) vmin = v, jmin = i;
                if (jmax == SIZE_MAX || v > vmax) vmax = v, jmax = i;
            }
        block_combine(vmin, jmin, vmax, jmax);
        if (threadIdx.x == 0) {
            partial[2 * blockIdx.x] = jmin;
            partial[2 * blockIdx.x + 1] = jmax;
        }
    } else {
        if (blockIdx.x != 0) return;
        for (unsigned b = threadIdx.x; b < 2 * blockDim.x && b < gridDim.x; b += blockDim.x) {
            const size_t a = partial[2 * b], c = partial[2 * b + 1];
            if (a != SIZE_MAX && less_pair(x[a], a, vmin, jmin)) vmin = x[a], jmin = a;
            if (c != SIZE_MAX && greater_pair(x[c], c, vmax, jmax)) vmax = x[c], jmax = c;
        }
        block_combine(vmin, jmin, vmax, jmax);
        if (threadIdx.x == 0) {
            *imin = jmin;
            *imax = jmax;
        }
    }
}
