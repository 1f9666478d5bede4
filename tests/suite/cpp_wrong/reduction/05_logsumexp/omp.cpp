// wrong: sums exp(x[i]) directly, which overflows to inf for large elements and gives log(0) = -inf for very negative ones
#include <cmath>
#include <omp.h>
#include <vector>

double logsumexp(const std::vector<double> &x) {
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
    for (long i = 0; i < (long)x.size(); ++i) sum += std::exp(x[i]);
    return std::log(sum);
}
