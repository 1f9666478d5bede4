// Misreads the launch: takes blockIdx.x/threadIdx.x for the row and .y for the column. C is
// M x (M + 3) here, so rows past M are skipped and some entries of C are never written.
__global__ void gemm(const double *A, const double *B, double *C, size_t M, size_t K, size_t N) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x, j = (size_t)blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= M || j >= N) return;
    double sum = 0.0;
    for (size_t k = 0; k < K; ++k) sum += A[i * K + k] * B[k * N + j];
    C[i * N + j] = sum;
}
