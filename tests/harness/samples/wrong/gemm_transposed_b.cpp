// gemm: indexes B as if it were stored transposed (B[j * K + k] instead of B[k * N + j])
void gemm(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C, size_t M, size_t K,
          size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(M * r / size * N);
        counts[r] = (int)(M * (r + 1) / size * N) - displs[r];
    }
    const size_t lo = M * rank / size, hi = M * (rank + 1) / size;
    for (size_t i = lo; i < hi; ++i)
        for (size_t j = 0; j < N; ++j) {
            double sum = 0.0;
            for (size_t k = 0; k < K; ++k) sum += A[i * K + k] * B[j * K + k];
            C[i * N + j] = sum;
        }
    MPI_Gatherv(rank == 0 ? MPI_IN_PLACE : (void *)(C.data() + displs[rank]), counts[rank], MPI_DOUBLE, C.data(),
                counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
