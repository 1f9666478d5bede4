#include <cmath>
#include <omp.h>
#include <vector>

// 2^-e for the largest magnitude m = f * 2^e (0.5 <= f < 1): scaled by it every element is at
// most 1 in magnitude, so the sum of squares cannot overflow, and since scaling by a power of
// two is exact, only elements negligible next to m (below m * 2^-511) can underflow.
static double scale_for(double m) {
    int e;
    std::frexp(m, &e);
    return std::ldexp(1.0, -e);
}

// Two parallel passes: the largest magnitude (max reduction), then the sum of squares of the
// scaled elements (sum reduction).
double norm2(const std::vector<double> &x) {
    const long n = (long)x.size();
    double m = 0.0;
#pragma omp parallel for reduction(max : m)
    for (long i = 0; i < n; ++i) m = std::fmax(m, std::fabs(x[i]));
    if (m == 0.0) return 0.0;
    const double s = scale_for(m);
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
    for (long i = 0; i < n; ++i) {
        const double y = x[i] * s;
        sum += y * y;
    }
    return std::sqrt(sum) / s;
}
