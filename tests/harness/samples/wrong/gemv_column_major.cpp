// gemv: reads A as if it were stored column-major (A[j * M + i]) although it is row-major
void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(M * r / size);
        counts[r] = (int)(M * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
#pragma omp parallel for
    for (long i = lo; i < hi; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[j * M + i] * x[j];
        y[i] = sum;
    }
    MPI_Gatherv(rank == 0 ? MPI_IN_PLACE : (void *)(y.data() + lo), counts[rank], MPI_DOUBLE, y.data(), counts.data(),
                displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
