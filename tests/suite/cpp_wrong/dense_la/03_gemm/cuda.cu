// Wrong: no __syncthreads() between loading a tile of A and B into shared memory and multiplying with it, so a thread reads entries of the tile that other threads have not written yet (garbage, or the previous tile's).
#include <cstddef>

#define TILE 16

// Shared-memory tiles of A and B: each thread computes C[i][j] for i = its row, j = its column.
__global__ void gemm(const double *A, const double *B, double *C, size_t M, size_t K, size_t N) {
    __shared__ double a[TILE][TILE], b[TILE][TILE];
    const size_t i = (size_t)blockIdx.y * TILE + threadIdx.y, j = (size_t)blockIdx.x * TILE + threadIdx.x;
    double sum = 0.0;
    for (size_t k0 = 0; k0 < K; k0 += TILE) {
        const size_t ka = k0 + threadIdx.x, kb = k0 + threadIdx.y;
        a[threadIdx.y][threadIdx.x] = i < M && ka < K ? A[i * K + ka] : 0.0;
        b[threadIdx.y][threadIdx.x] = kb < K && j < N ? B[kb * N + j] : 0.0;
        for (int k = 0; k < TILE; ++k) sum += a[threadIdx.y][k] * b[k][threadIdx.x];
        __syncthreads();  // before the next tile overwrites this one
    }
    if (i < M && j < N) C[i * N + j] = sum;
}
