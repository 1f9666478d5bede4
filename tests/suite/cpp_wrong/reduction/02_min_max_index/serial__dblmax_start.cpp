// wrong: starts from DBL_MAX / lowest() with index SIZE_MAX and compares strictly, so a vector of +inf (or all DBL_MAX) leaves imin at SIZE_MAX (and -inf / -DBL_MAX leaves imax there)
#include <vector>
#include <cstddef>
#include <cstdint>
#include <limits>
void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    double mn = std::numeric_limits<double>::max(), mx = std::numeric_limits<double>::lowest();
    imin = SIZE_MAX; imax = SIZE_MAX;
    for (size_t i = 0; i < x.size(); ++i) {
        if (x[i] < mn) { mn = x[i]; imin = i; }
        if (x[i] > mx) { mx = x[i]; imax = i; }
    }
}
