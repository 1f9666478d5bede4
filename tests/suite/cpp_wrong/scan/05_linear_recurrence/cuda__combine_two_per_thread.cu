// Wrong: pass 1 has each of the 256 threads scan ITEMS = 2 chunk totals, which covers 512 chunks, but the grid has up to 1024 blocks (past n = 524288), so the last chunks' carry-ins stay unwritten.
#include <cstddef>

// Element i is the map y -> a[i] * y + b[i] (with a[0] taken as 0, so that y[0] = b[0]); a scan
// composes the maps: first p then q is y -> q.a * (p.a * y + p.b) + q.b. The identity is (1, 0).
// Each block owns a contiguous chunk of about n / gridDim.x elements and walks it in tiles of
// blockDim.x * ITEMS elements, each thread taking ITEMS consecutive ones.
// pass 0: each chunk's composed map into partial[2b], partial[2b+1]; pass 1 (block 0): partial[2b]
// becomes y just before chunk b; pass 2: each chunk scanned tile by tile from that value.
constexpr unsigned ITEMS = 2;

struct Map {
    double a, b;
};
static __device__ __forceinline__ Map op(Map p, Map q) { return Map{q.a * p.a, q.a * p.b + q.b}; }
static __device__ __forceinline__ Map shfl_up(Map m, unsigned d) {
    return Map{__shfl_up_sync(0xffffffffu, m.a, d), __shfl_up_sync(0xffffffffu, m.b, d)};
}

static __device__ void chunk_of(size_t n, size_t &begin, size_t &end) {
    const size_t per = (n + gridDim.x - 1) / gridDim.x;
    begin = min(n, (size_t)blockIdx.x * per);
    end = min(n, begin + per);
}

// Exclusive scan of one map per thread over the block (thread 0 gets the identity), and the
// block's total (blockDim.x a multiple of 32, at most 256).
static __device__ Map block_exclusive(Map v, Map &total) {
    __shared__ Map warp_sums[32];
    __shared__ Map incl[256];
    const unsigned lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    for (unsigned d = 1; d < 32; d *= 2) {
        const Map u = shfl_up(v, d);
        if (lane >= d) v = op(u, v);
    }
    if (lane == 31) warp_sums[warp] = v;
    __syncthreads();
    if (warp == 0) {
        Map w = warp_sums[min(lane, warps - 1)];
        for (unsigned d = 1; d < 32; d *= 2) {
            const Map u = shfl_up(w, d);
            if (lane >= d) w = op(u, w);
        }
        if (lane < warps) warp_sums[lane] = w;
    }
    __syncthreads();
    if (warp > 0) v = op(warp_sums[warp - 1], v);
    incl[threadIdx.x] = v;
    __syncthreads();
    const Map excl = threadIdx.x ? incl[threadIdx.x - 1] : Map{1.0, 0.0};
    total = incl[blockDim.x - 1];
    __syncthreads();  // all have read incl and warp_sums before the next call
    return excl;
}

__global__ void linear_recurrence(const double *a, const double *b, double *y, size_t n, double *partial, int pass) {
    if (pass == 1) {  // y before each chunk: apply the composed maps of the chunks before it to 0
        if (blockIdx.x != 0) return;
        const unsigned first = threadIdx.x * ITEMS;
        Map v[ITEMS], s{1.0, 0.0}, total;
        for (unsigned j = 0; j < ITEMS; ++j)
            v[j] = first + j < gridDim.x ? Map{partial[2 * (first + j)], partial[2 * (first + j) + 1]} : Map{1.0, 0.0};
        for (unsigned j = 0; j < ITEMS; ++j) s = op(s, v[j]);
        Map run = block_exclusive(s, total);
        // before chunk 0 nothing matters (a[0] counts as 0); after it, run.a == 0 and y = run.b
        for (unsigned j = 0; j < ITEMS; ++j)
            if (first + j < gridDim.x) {
                partial[2 * (first + j)] = run.b;
                run = op(run, v[j]);
            }
        return;
    }
    size_t begin, end;
    chunk_of(n, begin, end);
    const double y_in = pass == 0 ? 0.0 : partial[2 * blockIdx.x];
    Map carry{1.0, 0.0};  // the composition of the chunk's maps so far
    for (size_t base = begin; base < end; base += (size_t)blockDim.x * ITEMS) {
        const size_t mine = base + (size_t)threadIdx.x * ITEMS;
        Map v[ITEMS], s{1.0, 0.0}, total;
        for (unsigned j = 0; j < ITEMS; ++j) {
            const size_t i = mine + j;
            v[j] = i < end ? Map{i == 0 ? 0.0 : a[i], b[i]} : Map{1.0, 0.0};
            s = op(s, v[j]);
        }
        Map run = op(carry, block_exclusive(s, total));
        if (pass == 2)
            for (unsigned j = 0; j < ITEMS; ++j)
                if (mine + j < end) {
                    run = op(run, v[j]);
                    y[mine + j] = run.a * y_in + run.b;
                }
        carry = op(carry, total);
    }
    if (pass == 0 && threadIdx.x == 0) {
        partial[2 * blockIdx.x] = carry.a;
        partial[2 * blockIdx.x + 1] = carry.b;
    }
}
