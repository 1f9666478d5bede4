#include <cstddef>
#include <cstdint>
#include <vector>

// Strict comparisons keep the first position of each extreme.
void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    if (x.empty()) {
        imin = imax = SIZE_MAX;
        return;
    }
    size_t lo = 0, hi = 0;
    for (size_t i = 1; i < x.size(); ++i) {
        if (x[i] < x[lo]) lo = i;
        if (x[i] > x[hi]) hi = i;
    }
    imin = lo, imax = hi;
}
