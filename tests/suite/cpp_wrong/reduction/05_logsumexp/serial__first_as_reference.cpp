// wrong: subtracts x[0] instead of the largest element, so exp(x[i] - x[0]) overflows when x[0] lies far below the maximum
#include <vector>
#include <cmath>
#include <limits>
double logsumexp(const std::vector<double> &x) {
    if (x.empty()) return -std::numeric_limits<double>::infinity();
    const double m = x[0];  // reference point keeps exp in range
    double s = 0.0;
    for (double v : x) s += std::exp(v - m);
    return m + std::log(s);
}
