// wrong: scales only when the largest magnitude is above sqrt(DBL_MAX), so many elements just below it (1e153) overflow the unscaled sum of squares to inf
#include <vector>
#include <cmath>
#include <cfloat>
double norm2(const std::vector<double> &x) {
    double m = 0.0;
    for (double v : x) m = std::fmax(m, std::fabs(v));
    if (m == 0.0) return 0.0;
    if (m < std::sqrt(DBL_MAX) && m > std::sqrt(DBL_MIN)) {
        double s = 0.0;
        for (double v : x) s += v * v;  // no overflow/underflow risk: max^2 is representable
        return std::sqrt(s);
    }
    int e; std::frexp(m, &e);
    double s = 0.0;
    for (double v : x) { const double t = std::ldexp(v, -e); s += t * t; }
    return std::ldexp(std::sqrt(s), e);
}
