#include <cmath>
#include <omp.h>
#include <vector>

// Two parallel passes: the largest element m (max reduction), then the sum of exp(x[i] - m).
double logsumexp(const std::vector<double> &x) {
    const long n = (long)x.size();
    if (n == 0) return -INFINITY;
    double m = x[0];
#pragma omp parallel for reduction(max : m)
    for (long i = 0; i < n; ++i) m = std::fmax(m, x[i]);
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
    for (long i = 0; i < n; ++i) sum += std::exp(x[i] - m);
    return m + std::log(sum);
}
