#include <cmath>
#include <omp.h>
#include <vector>

namespace {
struct Best {
    long index;
    double dist, value;
};
// Whether candidate a beats b: closer, then smaller value, then smaller index.
bool beats(const Best &a, const Best &b) {
    if (a.index < 0) return false;
    if (b.index < 0) return true;
    if (a.dist != b.dist) return a.dist < b.dist;
    if (a.value != b.value) return a.value < b.value;
    return a.index < b.index;
}
}  // namespace

// Every thread finds the best of its contiguous share; the shares are combined in a critical section.
long closest_index(const std::vector<double> &x, double target) {
    const long n = (long)x.size();
    Best best{-1, 0, 0};
#pragma omp parallel
    {
        Best mine{-1, 0, 0};
#pragma omp for schedule(static) nowait
        for (long i = 0; i < n; ++i) {
            const double d = std::fabs(x[i] - target);
            if (mine.index < 0 || d < mine.dist || (d == mine.dist && x[i] < mine.value)) mine = {i, d, x[i]};
        }
#pragma omp critical(closest_best)
        if (beats(mine, best)) best = mine;
    }
    return best.index;
}
