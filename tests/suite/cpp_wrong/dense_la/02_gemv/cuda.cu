// Wrong: one warp per row (lanes stride along the row, shuffle reduction), but the launch gives one thread per row (ceil(M / 256) blocks of 256), so only the first M / 32 or so rows are computed.
#include <cstddef>

// A warp per row: coalesced reads of A, the row's sum combined with shuffles.
__global__ void gemv(const double *A, const double *x, double *y, size_t M, size_t N) {
    const size_t row = ((size_t)blockIdx.x * blockDim.x + threadIdx.x) / 32;
    const unsigned lane = threadIdx.x % 32;
    if (row >= M) return;  // whole warps leave together
    const double *a = A + row * N;
    double sum = 0.0;
    for (size_t j = lane; j < N; j += 32) sum += a[j] * x[j];
    for (int off = 16; off > 0; off /= 2) sum += __shfl_down_sync(0xffffffffu, sum, off);
    if (lane == 0) y[row] = sum;
}
