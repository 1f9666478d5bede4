// Wrong: written for 32 x 32 blocks (one element of the tile per thread), but the launch's blocks are 32 x 8, so only rows 0-7 of every 32-row tile are loaded and written.
#include <cstddef>

#define TILE 32

// A 32 x 32 tile of A goes through shared memory so that both the reads of A and the writes
// of B are coalesced; the extra column avoids shared-memory bank conflicts.
__global__ void transpose(const double *A, double *B, size_t M, size_t N) {
    __shared__ double tile[TILE][TILE + 1];
    size_t i = (size_t)blockIdx.y * TILE + threadIdx.y, j = (size_t)blockIdx.x * TILE + threadIdx.x;
    if (i < M && j < N) tile[threadIdx.y][threadIdx.x] = A[i * N + j];
    __syncthreads();
    i = (size_t)blockIdx.y * TILE + threadIdx.x;  // column i of A is row i ... of B: B[j][i]
    j = (size_t)blockIdx.x * TILE + threadIdx.y;
    if (i < M && j < N) B[j * M + i] = tile[threadIdx.x][threadIdx.y];
}
