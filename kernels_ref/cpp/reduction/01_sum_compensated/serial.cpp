#include <cmath>
#include <vector>

// Neumaier: add v to the running sum s and the rounding error of that addition to c.
static inline void add(double &s, double &c, double v) {
    const double t = s + v;
    c += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
    s = t;
}

double accurate_sum(const std::vector<double> &x) {
    double s = 0.0, c = 0.0;
    for (double v : x) add(s, c, v);
    return s + c;
}
