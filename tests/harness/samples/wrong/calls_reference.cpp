// cheat: calls the harness's renamed serial reference (axpy__hpcref) instead of computing anything itself
void axpy__hpcref(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z);

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
#pragma omp parallel
    {
#pragma omp single
        axpy__hpcref(alpha, x, y, z);
    }
}
