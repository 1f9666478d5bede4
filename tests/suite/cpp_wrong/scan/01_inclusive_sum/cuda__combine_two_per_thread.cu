// Wrong: pass 1 has each of the 256 threads scan ITEMS = 2 chunk totals, which covers 512 chunks, but the grid has up to 1024 blocks (past n = 524288), so the last chunks' carry-ins stay unwritten.
#include <cstddef>

// Each block owns a contiguous chunk of about n / gridDim.x elements and walks it in tiles of
// blockDim.x * ITEMS elements, each thread taking ITEMS consecutive ones.
// pass 0: the sum of each chunk into partial[b]; pass 1 (block 0): partial[b] becomes the sum of
// the chunks before b; pass 2: each chunk scanned tile by tile, starting from partial[b].
constexpr unsigned ITEMS = 2;

static __device__ void chunk_of(size_t n, size_t &begin, size_t &end) {
    const size_t per = (n + gridDim.x - 1) / gridDim.x;
    begin = min(n, (size_t)blockIdx.x * per);
    end = min(n, begin + per);
}

// Exclusive prefix sum of one value per thread over the block, and the block's total
// (blockDim.x a multiple of 32, at most 256).
static __device__ double block_exclusive(double v, double &total) {
    __shared__ double warp_sums[32];
    __shared__ double incl[256];
    const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    for (unsigned d = 1; d < 32; d *= 2) {
        const double u = __shfl_up_sync(0xffffffffu, v, d);
        if (lane >= d) v += u;
    }
    if (lane == 31) warp_sums[warp] = v;
    __syncthreads();
    if (warp == 0) {
        double w = warp_sums[min(lane, warps - 1)];
        for (unsigned d = 1; d < 32; d *= 2) {
            const double u = __shfl_up_sync(0xffffffffu, w, d);
            if (lane >= d) w += u;
        }
        if (lane < warps) warp_sums[lane] = w;
    }
    __syncthreads();
    if (warp > 0) v += warp_sums[warp - 1];
    incl[threadIdx.x] = v;
    __syncthreads();
    const double excl = threadIdx.x ? incl[threadIdx.x - 1] : 0.0;
    total = incl[blockDim.x - 1];
    __syncthreads();  // all have read incl and warp_sums before the next call
    return excl;
}

__global__ void inclusive_sum(const double *x, double *y, size_t n, double *partial, int pass) {
    if (pass == 1) {  // exclusive scan of the gridDim.x (<= 1024) chunk sums, by block 0
        if (blockIdx.x != 0) return;
        const unsigned first = threadIdx.x * ITEMS;
        double v[ITEMS], s = 0.0, total;
        for (unsigned j = 0; j < ITEMS; ++j) v[j] = first + j < gridDim.x ? partial[first + j] : 0.0;
        for (unsigned j = 0; j < ITEMS; ++j) s += v[j];
        double run = block_exclusive(s, total);
        for (unsigned j = 0; j < ITEMS; ++j)
            if (first + j < gridDim.x) partial[first + j] = run, run += v[j];
        return;
    }
    size_t begin, end;
    chunk_of(n, begin, end);
    double carry = pass == 0 ? 0.0 : partial[blockIdx.x];
    for (size_t base = begin; base < end; base += (size_t)blockDim.x * ITEMS) {
        const size_t mine = base + (size_t)threadIdx.x * ITEMS;
        double v[ITEMS], s = 0.0, total;
        for (unsigned j = 0; j < ITEMS; ++j) v[j] = mine + j < end ? x[mine + j] : 0.0;
        for (unsigned j = 0; j < ITEMS; ++j) s += v[j];
        double run = carry + block_exclusive(s, total);
        if (pass == 2)
            for (unsigned j = 0; j < ITEMS; ++j)
                if (mine + j < end) y[mine + j] = run += v[j];
        carry += total;
    }
    if (pass == 0 && threadIdx.x == 0) partial[blockIdx.x] = carry;
}
