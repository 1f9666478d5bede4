#include <cstddef>

// A 32 x 32 tile of A goes through shared memory: the block reads it along A's rows and writes
// it along B's rows, so both global accesses are coalesced. Each of the 8 thread rows handles
// 4 rows of the tile; the extra column of the tile avoids shared-memory bank conflicts.
__global__ void transpose(const double *A, double *B, size_t M, size_t N) {
    __shared__ double tile[32][33];
    const size_t j0 = (size_t)blockIdx.x * 32, i0 = (size_t)blockIdx.y * 32;
    for (unsigned r = threadIdx.y; r < 32; r += blockDim.y) {
        const size_t i = i0 + r, j = j0 + threadIdx.x;
        if (i < M && j < N) tile[r][threadIdx.x] = A[i * N + j];
    }
    __syncthreads();
    for (unsigned r = threadIdx.y; r < 32; r += blockDim.y) {
        const size_t j = j0 + r, i = i0 + threadIdx.x;  // row j of B, column i
        if (j < N && i < M) B[j * M + i] = tile[threadIdx.x][r];
    }
}
