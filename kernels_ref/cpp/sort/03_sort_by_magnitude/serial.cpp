#include <algorithm>
#include <cmath>
#include <vector>

// Smaller magnitude first; on equal magnitude the negative value first.
static bool before(double a, double b) {
    const double fa = std::fabs(a), fb = std::fabs(b);
    return fa < fb || (fa == fb && a < b);
}

void sort_by_magnitude(std::vector<double> &x) { std::sort(x.begin(), x.end(), before); }
