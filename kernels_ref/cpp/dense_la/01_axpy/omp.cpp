#include <omp.h>
#include <vector>

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    const long n = (long)x.size();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) z[i] = alpha * x[i] + y[i];
}
