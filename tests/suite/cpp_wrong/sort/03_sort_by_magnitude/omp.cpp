// Sorts by magnitude only: -v and v end up in whatever order the sort leaves them, not negative first.
#include <algorithm>
#include <cmath>
#include <omp.h>
#include <vector>

void sort_by_magnitude(std::vector<double> &x) {
    const long n = (long)x.size();
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 1024) + 1));
    auto mag = [](double a, double b) { return std::fabs(a) < std::fabs(b); };
#pragma omp parallel for
    for (int p = 0; p < parts; ++p) std::sort(x.begin() + n * p / parts, x.begin() + n * (p + 1) / parts, mag);
    for (int p = 1; p < parts; ++p)
        std::inplace_merge(x.begin(), x.begin() + n * p / parts, x.begin() + n * (p + 1) / parts, mag);
}
