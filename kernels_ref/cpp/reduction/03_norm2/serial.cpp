#include <cmath>
#include <vector>

// 2^-e for the largest magnitude m = f * 2^e (0.5 <= f < 1): scaled by it every element is at
// most 1 in magnitude, so the sum of squares cannot overflow, and since scaling by a power of
// two is exact, only elements negligible next to m (below m * 2^-511) can underflow.
static double scale_for(double m) {
    int e;
    std::frexp(m, &e);
    return std::ldexp(1.0, -e);
}

// Two passes: the largest magnitude, then the sum of squares of the scaled elements.
double norm2(const std::vector<double> &x) {
    double m = 0.0;
    for (double v : x) m = std::fmax(m, std::fabs(v));
    if (m == 0.0) return 0.0;
    const double s = scale_for(m);
    double sum = 0.0;
    for (double v : x) {
        const double y = v * s;
        sum += y * y;
    }
    return std::sqrt(sum) / s;
}
