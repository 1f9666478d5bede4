// WRONG: the bit-reversal permutation reverses log2(cols) bits in both passes, so the column pass (rows elements) permutes with the row length's bit count: right only for square arrays.
#include <cstddef>

// One block per line: dir 0 transforms row b (cols elements, stride 1), dir 1 column b (rows
// elements, stride cols), in place in global memory. The block's threads first apply the
// bit-reversal permutation (the smaller index of each pair swaps), then the log2(len)
// radix-2 stages, a __syncthreads() between steps; every step's work is shared out by
// index, thread t taking t, t + blockDim.x, ...
__global__ void fft2d(double2 *a, size_t rows, size_t cols, int dir) {
    const size_t lines = dir == 0 ? rows : cols, len = dir == 0 ? cols : rows;
    const size_t stride = dir == 0 ? 1 : cols, line = blockIdx.x;
    if (line >= lines || len < 2) return;  // the whole block leaves together
    double2 *x = a + (dir == 0 ? line * cols : line);
    int bits = 0;
    while (((size_t)1 << bits) < cols) ++bits;  // should be len: the column pass has rows elements
    for (size_t i = threadIdx.x; i < len; i += blockDim.x) {
        const size_t r = bits ? __brevll((unsigned long long)i) >> (64 - bits) : 0;
        if (i < r && r < len) {
            const double2 t = x[i * stride];
            x[i * stride] = x[r * stride];
            x[r * stride] = t;
        }
    }
    __syncthreads();
    for (size_t half = 1; half < len; half <<= 1) {
        for (size_t j = threadIdx.x; j < len / 2; j += blockDim.x) {
            const size_t k = j & (half - 1), i = ((j - k) << 1) + k;
            double s, c;
            sincospi(-(double)k / (double)half, &s, &c);
            const double2 u = x[i * stride], v = x[(i + half) * stride];
            const double tx = v.x * c - v.y * s, ty = v.x * s + v.y * c;
            x[i * stride] = make_double2(u.x + tx, u.y + ty);
            x[(i + half) * stride] = make_double2(u.x - tx, u.y - ty);
        }
        __syncthreads();
    }
}
