// wrong: squares the elements unscaled, so the sum overflows to inf for large elements and underflows to 0 for tiny ones
#include <cmath>
#include <omp.h>
#include <vector>

double norm2(const std::vector<double> &x) {
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
    for (long i = 0; i < (long)x.size(); ++i) sum += x[i] * x[i];
    return std::sqrt(sum);
}
