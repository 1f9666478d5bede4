// wrong: the max reduction has nowait, so a thread reads m before the other threads have merged their maxima and sums exp(x - m) with a different shift
#include <vector>
#include <cmath>
double logsumexp(const std::vector<double> &x) {
    const long n = (long)x.size();
    if (n == 0) return -INFINITY;
    double m = -INFINITY, s = 0;
#pragma omp parallel
    {
#pragma omp for reduction(max : m) nowait
        for (long i = 0; i < n; ++i) m = std::fmax(m, x[i]);
#pragma omp for reduction(+ : s)
        for (long i = 0; i < n; ++i) s += std::exp(x[i] - m);
    }
    return m + std::log(s);
}
