#include <cmath>
#include <vector>

// One pass; a later index replaces the best only when strictly closer, or equally close
// with a smaller value (so among equal values the first index stays).
long closest_index(const std::vector<double> &x, double target) {
    long best = -1;
    double bd = 0, bv = 0;
    for (long i = 0; i < (long)x.size(); ++i) {
        const double d = std::fabs(x[i] - target);
        if (best < 0 || d < bd || (d == bd && x[i] < bv)) best = i, bd = d, bv = x[i];
    }
    return best;
}
