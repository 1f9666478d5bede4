// wrong: the loop stops at n - 1 (an off-by-one), so the last element of z is never written
#include <omp.h>
#include <vector>

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    const long n = (long)x.size();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n - 1; ++i) z[i] = alpha * x[i] + y[i];
}
