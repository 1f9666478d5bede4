// wrong: each thread applies the tie rules in its block, but the threads' winners are combined by distance alone, the earlier block winning a tie, even when the later block's value is the smaller one
#include <cmath>
#include <omp.h>
#include <vector>

long closest_index(const std::vector<double> &x, double target) {
    const long n = (long)x.size();
    if (n == 0) return -1;
    long best = -1;
    double bestd = INFINITY;
#pragma omp parallel
    {
        long mine = -1;
        double md = INFINITY;
#pragma omp for schedule(static)
        for (long i = 0; i < n; ++i) {
            const double d = std::fabs(x[i] - target);
            if (mine < 0 || d < md || (d == md && x[i] < x[mine])) { mine = i; md = d; }
        }
#pragma omp for ordered schedule(static, 1)
        for (int t = 0; t < omp_get_num_threads(); ++t) {
#pragma omp ordered
            if (mine >= 0 && md < bestd) { best = mine; bestd = md; }
        }
    }
    return best;
}
