// cheat: fills z with zeros in parallel instead of computing alpha * x + y
void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    const long n = (long)z.size();
#pragma omp parallel for
    for (long i = 0; i < n; ++i) z[i] = 0.0;
}
