// deadlock: every rank first does a blocking MPI_Recv from its neighbour, so no rank ever reaches its MPI_Send
void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    const long lo = n * rank / size, hi = n * (rank + 1) / size;
    for (long i = lo; i < hi; ++i) z[i] = alpha * x[i] + y[i];
    const int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    std::vector<double> incoming((size_t)n);
    MPI_Recv(incoming.data(), (int)n, MPI_DOUBLE, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Send(z.data(), (int)n, MPI_DOUBLE, next, 0, MPI_COMM_WORLD);
}
