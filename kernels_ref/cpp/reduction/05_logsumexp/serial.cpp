#include <cmath>
#include <vector>

// Two passes: the largest element m, then m + log(sum of exp(x[i] - m)); every term is at
// most 1 and the largest is exactly 1, so the sum neither overflows nor vanishes.
double logsumexp(const std::vector<double> &x) {
    if (x.empty()) return -INFINITY;
    double m = x[0];
    for (double v : x) m = std::fmax(m, v);
    double sum = 0.0;
    for (double v : x) sum += std::exp(v - m);
    return m + std::log(sum);
}
