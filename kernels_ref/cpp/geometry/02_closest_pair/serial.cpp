#include <climits>
#include <vector>

// A sweep over the x-sorted points: from each point, look at the following ones until their x
// distance alone reaches the best squared distance found so far.
long closest_pair(const std::vector<int> &x, const std::vector<int> &y) {
    const long n = (long)x.size();
    long best = LONG_MAX;
    for (long i = 0; i < n && best > 0; ++i)
        for (long j = i + 1; j < n; ++j) {
            const long dx = (long)x[j] - x[i];
            if (dx * dx >= best) break;
            const long dy = (long)y[j] - y[i], d = dx * dx + dy * dy;
            if (d < best) best = d;
        }
    return best;
}
