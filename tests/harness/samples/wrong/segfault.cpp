// segfault: a reverse loop with an unsigned index (`i >= 0` is always true) runs past the start of the arrays
void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    for (size_t i = x.size() - 1; i >= 0; --i) z[i] = alpha * x[i] + y[i];
}
