#include <cstddef>
#include <cstdint>
#include <vector>

// Strict comparisons keep the first position of each extreme.
void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    if (x.empty()) {
        imin = imax = SIZE_MAX;
        return;
    }
    // the extremes kept in registers: comparing with x[lo] would make every step wait for a load
    // whose address the step before chose (4x slower here)
    double vlo = x[0], vhi = x[0];
    size_t lo = 0, hi = 0;
    for (size_t i = 1; i < x.size(); ++i) {
        const double v = x[i];
        if (v < vlo) vlo = v, lo = i;
        if (v > vhi) vhi = v, hi = i;
    }
    imin = lo, imax = hi;
}
