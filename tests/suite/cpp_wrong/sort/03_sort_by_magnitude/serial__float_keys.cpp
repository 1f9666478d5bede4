// Sorts by float magnitudes: close doubles (1 and 1 + 2^-52) compare equal and keep their input order.
#include <vector>
#include <algorithm>
#include <cmath>
void sort_by_magnitude(std::vector<double> &x) {
    std::sort(x.begin(), x.end(), [](double a, double b) { float fa = std::fabs(a), fb = std::fabs(b); return fa < fb || (fa == fb && a < b); });
}