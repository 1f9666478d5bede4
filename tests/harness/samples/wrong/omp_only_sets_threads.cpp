// not OpenMP: calls omp_set_num_threads() but never opens a parallel region, so the loop runs serially
void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
    omp_set_num_threads(omp_get_num_procs());
    for (size_t i = 0; i < M; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[i * N + j] * x[j];
        y[i] = sum;
    }
}
