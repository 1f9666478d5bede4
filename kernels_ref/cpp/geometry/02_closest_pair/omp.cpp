#include <climits>
#include <omp.h>
#include <vector>

// The sweep of the serial algorithm, contiguous blocks of starting points per thread (each with
// its own best so far, which shrinks quickly), combined by a min reduction.
long closest_pair(const std::vector<int> &x, const std::vector<int> &y) {
    const long n = (long)x.size();
    long best = LONG_MAX;
#pragma omp parallel for schedule(static) reduction(min : best)
    for (long i = 0; i < n; ++i)
        for (long j = i + 1; j < n; ++j) {
            const long dx = (long)x[j] - x[i];
            if (dx * dx >= best) break;
            const long dy = (long)y[j] - y[i], d = dx * dx + dy * dy;
            if (d < best) best = d;
        }
    return best;
}
