// wrong result: subtracts y instead of adding it (z = alpha * x - y)
void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    for (size_t i = 0; i < x.size(); ++i) z[i] = alpha * x[i] - y[i];
}
