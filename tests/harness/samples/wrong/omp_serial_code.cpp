// not OpenMP: a correct but plain serial loop for an OpenMP task (no OpenMP construct at all)
void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
    for (size_t i = 0; i < M; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[i * N + j] * x[j];
        y[i] = sum;
    }
}
