#include <cstddef>

// One step (k, j) of the bitonic network with a flip at j == k/2 (every comparison puts the smaller
// value first, so the +infinity padding past n never moves). Steps with j >= 512 are done one per
// launch in global memory, one thread per pair. Once j <= 256, all pairs of the remaining steps
// j, j/2, ..., 1 of this k lie within aligned chunks of 512 positions: the launch at the first such
// j sorts each chunk's remaining steps in shared memory (256 threads, one pair each per step), and
// the launches for the smaller j of this k return at once.
namespace {
constexpr unsigned THREADS = 256, CHUNK = 2 * THREADS;

__device__ __forceinline__ void pair_of(size_t t, size_t k, size_t j, size_t &a, size_t &b) {
    const size_t r = t % j, group = t / j;
    if (j == k / 2) {
        a = group * k + r;
        b = group * k + k - 1 - r;
    } else {
        a = group * 2 * j + r;
        b = a + j;
    }
}
}  // namespace

__global__ void __launch_bounds__(THREADS) sort_doubles(double *x, size_t n, size_t p, size_t k, size_t j) {
    if (2 * j > CHUNK) {  // a global step
        const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
        if (t >= p / 2) return;
        size_t a, b;
        pair_of(t, k, j, a, b);
        if (b >= n) return;
        const double va = x[a], vb = x[b];
        if (vb < va) x[a] = vb, x[b] = va;
        return;
    }
    const size_t first = k / 2 < CHUNK / 2 ? k / 2 : CHUNK / 2;
    if (j != first) return;  // done by the launch at j == first
    __shared__ double s[CHUNK];
    const size_t base = (size_t)blockIdx.x * CHUNK;
    if (base >= n) return;
    const double inf = __longlong_as_double(0x7ff0000000000000LL);
    for (unsigned t = threadIdx.x; t < CHUNK; t += blockDim.x) s[t] = base + t < n ? x[base + t] : inf;
    __syncthreads();
    for (size_t jj = j; jj >= 1; jj /= 2) {
        size_t a, b;
        pair_of(threadIdx.x, k, jj, a, b);  // k <= CHUNK here whenever jj == k/2, so pairs stay in the chunk
        const double va = s[a], vb = s[b];
        if (vb < va) s[a] = vb, s[b] = va;
        __syncthreads();
    }
    for (unsigned t = threadIdx.x; t < CHUNK; t += blockDim.x)
        if (base + t < n) x[base + t] = s[t];
}
