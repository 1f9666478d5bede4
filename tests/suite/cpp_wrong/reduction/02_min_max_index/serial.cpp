// wrong: uses <= and >=, so among equal values it keeps the last position instead of the first
#include <cstddef>
#include <cstdint>
#include <vector>

void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    imin = imax = SIZE_MAX;
    if (x.empty()) return;
    imin = imax = 0;
    for (size_t i = 1; i < x.size(); ++i) {
        if (x[i] <= x[imin]) imin = i;
        if (x[i] >= x[imax]) imax = i;
    }
}
