#include <cstddef>

// One thread per point, keeping a sorted list of its k best (distance, index) pairs; the points
// are read in tiles staged through shared memory by the whole block. j runs upwards, so a later
// point at an equal distance never displaces an earlier one.
__global__ void knn(const int *x, const int *y, size_t n, int k, int *nbr) {
    constexpr int TILE = 512;
    __shared__ int sx[TILE], sy[TILE];
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const bool active = i < n;
    const long xi = active ? x[i] : 0, yi = active ? y[i] : 0;
    long bd[16];
    int bj[16];
    int cnt = 0;
    for (size_t base = 0; base < n; base += TILE) {
        const size_t len = n - base < TILE ? n - base : TILE;
        __syncthreads();
        for (size_t t = threadIdx.x; t < len; t += blockDim.x) sx[t] = x[base + t], sy[t] = y[base + t];
        __syncthreads();
        if (!active) continue;
        for (size_t t = 0; t < len; ++t) {
            const size_t j = base + t;
            if (j == i) continue;
            const long dx = sx[t] - xi, dy = sy[t] - yi, d = dx * dx + dy * dy;
            if (cnt == k && d >= bd[k - 1]) continue;
            int pos = cnt < k ? cnt++ : k - 1;
            while (pos > 0 && bd[pos - 1] > d) {
                bd[pos] = bd[pos - 1], bj[pos] = bj[pos - 1];
                --pos;
            }
            bd[pos] = d, bj[pos] = (int)j;
        }
    }
    if (active)
        for (int t = 0; t < k; ++t) nbr[i * k + t] = t < cnt ? bj[t] : -1;
}
