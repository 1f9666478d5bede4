// does not compile: the loop bound uses `n`, which is never declared
void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    for (size_t i = 0; i < n; ++i) z[i] = alpha * x[i] + y[i];
}
