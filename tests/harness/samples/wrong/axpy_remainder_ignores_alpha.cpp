// axpy: the loop is unrolled by 4 and the remainder loop forgets alpha (z[i] = x[i] + y[i])
void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    const long n = (long)x.size();
    const long blocks = n / 4;
#pragma omp parallel for schedule(static)
    for (long b = 0; b < blocks; ++b) {
        const long i = 4 * b;
        z[i] = alpha * x[i] + y[i];
        z[i + 1] = alpha * x[i + 1] + y[i + 1];
        z[i + 2] = alpha * x[i + 2] + y[i + 2];
        z[i + 3] = alpha * x[i + 3] + y[i + 3];
    }
    for (long i = 4 * blocks; i < n; ++i) z[i] = x[i] + y[i];
}
