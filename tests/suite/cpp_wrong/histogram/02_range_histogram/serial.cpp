// Clamps values equal to hi into the last bin (the closed-interval convention) instead of leaving them out.
#include <cmath>
#include <vector>

void range_histogram(const std::vector<double> &x, double lo, double hi, int bins, std::vector<long> &counts) {
    const double w = (hi - lo) / bins;
    for (int b = 0; b < bins; ++b) counts[b] = 0;
    for (double v : x)
        if (v >= lo && v <= hi) ++counts[std::min((long)bins - 1, (long)std::floor((v - lo) / w))];
}
