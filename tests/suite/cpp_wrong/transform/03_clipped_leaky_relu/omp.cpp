// Uses the leaky-ReLU shortcut max(alpha * x, min(x, cap)): above cap it gives alpha * x when that exceeds cap (+inf gives +inf, not cap).
#include <algorithm>
#include <omp.h>
#include <vector>

void clipped_leaky_relu(const std::vector<double> &x, double alpha, double cap, std::vector<double> &y) {
    const long n = (long)x.size();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) y[i] = std::max(alpha * x[i], std::min(x[i], cap));
}
