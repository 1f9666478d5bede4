// Wrong: each block scans only elements b * 1024 .. b * 1024 + 1023, as if the grid always had ceil(n / 1024) blocks, but it is capped at 1024 blocks, so past n = 1048576 the elements from 1048576 on are never read or written.
#include <cstddef>
#include <cstdint>

// A segmented scan is a plain scan with the operator on (flag, value) pairs
//   (f1, v1) + (f2, v2) = (f1 | f2, f2 ? v2 : v1 + v2)
// (associative, not commutative), where an element is (it starts a segment, x[i]).
// Each block owns a contiguous chunk of about n / gridDim.x elements and walks it in tiles of
// blockDim.x * ITEMS elements, each thread taking ITEMS consecutive ones.
// pass 0: each chunk's total pair into partial[2b], partial[2b+1]; pass 1 (block 0): these become
// the pair of everything before chunk b; pass 2: each chunk scanned tile by tile from there.
constexpr unsigned ITEMS = 4;

struct Seg {
    double v;
    int f;
};
static __device__ __forceinline__ Seg op(Seg p, Seg q) { return Seg{q.f ? q.v : p.v + q.v, p.f | q.f}; }
static __device__ __forceinline__ Seg shfl_up(Seg s, unsigned d) {
    return Seg{__shfl_up_sync(0xffffffffu, s.v, d), __shfl_up_sync(0xffffffffu, s.f, d)};
}

static __device__ void chunk_of(size_t n, size_t &begin, size_t &end) {
    const size_t per = 1024;  // ceil(n / 1024) blocks: 1024 elements each
    begin = min(n, (size_t)blockIdx.x * per);
    end = min(n, begin + per);
}

// Exclusive scan of one pair per thread over the block (thread 0 gets the identity), and the
// block's total (blockDim.x a multiple of 32, at most 256).
static __device__ Seg block_exclusive(Seg v, Seg &total) {
    __shared__ Seg warp_sums[32];
    __shared__ Seg incl[256];
    const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    for (unsigned d = 1; d < 32; d *= 2) {
        const Seg u = shfl_up(v, d);
        if (lane >= d) v = op(u, v);
    }
    if (lane == 31) warp_sums[warp] = v;
    __syncthreads();
    if (warp == 0) {
        Seg w = warp_sums[min(lane, warps - 1)];
        for (unsigned d = 1; d < 32; d *= 2) {
            const Seg u = shfl_up(w, d);
            if (lane >= d) w = op(u, w);
        }
        if (lane < warps) warp_sums[lane] = w;
    }
    __syncthreads();
    if (warp > 0) v = op(warp_sums[warp - 1], v);
    incl[threadIdx.x] = v;
    __syncthreads();
    const Seg excl = threadIdx.x ? incl[threadIdx.x - 1] : Seg{0.0, 0};
    total = incl[blockDim.x - 1];
    __syncthreads();  // all have read incl and warp_sums before the next call
    return excl;
}

__global__ void segmented_sum(const double *x, const uint8_t *head, double *y, size_t n, double *partial, int pass) {
    if (pass == 1) {  // exclusive scan of the gridDim.x (<= 1024) chunk pairs, by block 0
        if (blockIdx.x != 0) return;
        const unsigned first = threadIdx.x * ITEMS;
        Seg v[ITEMS], s{0.0, 0}, total;
        for (unsigned j = 0; j < ITEMS; ++j)
            v[j] = first + j < gridDim.x ? Seg{partial[2 * (first + j)], partial[2 * (first + j) + 1] != 0.0} : Seg{0.0, 0};
        for (unsigned j = 0; j < ITEMS; ++j) s = op(s, v[j]);
        Seg run = block_exclusive(s, total);
        for (unsigned j = 0; j < ITEMS; ++j)
            if (first + j < gridDim.x) {
                partial[2 * (first + j)] = run.v;
                partial[2 * (first + j) + 1] = run.f;
                run = op(run, v[j]);
            }
        return;
    }
    size_t begin, end;
    chunk_of(n, begin, end);
    Seg carry = pass == 0 ? Seg{0.0, 0} : Seg{partial[2 * blockIdx.x], partial[2 * blockIdx.x + 1] != 0.0};
    for (size_t base = begin; base < end; base += (size_t)blockDim.x * ITEMS) {
        const size_t mine = base + (size_t)threadIdx.x * ITEMS;
        Seg v[ITEMS], s{0.0, 0}, total;
        for (unsigned j = 0; j < ITEMS; ++j) {
            const size_t i = mine + j;
            v[j] = i < end ? Seg{x[i], head[i] != 0 || i == 0} : Seg{0.0, 0};
            s = op(s, v[j]);
        }
        Seg run = op(carry, block_exclusive(s, total));
        if (pass == 2)
            for (unsigned j = 0; j < ITEMS; ++j)
                if (mine + j < end) {
                    run = op(run, v[j]);
                    y[mine + j] = run.v;
                }
        carry = op(carry, total);
    }
    if (pass == 0 && threadIdx.x == 0) {
        partial[2 * blockIdx.x] = carry.v;
        partial[2 * blockIdx.x + 1] = carry.f;
    }
}
