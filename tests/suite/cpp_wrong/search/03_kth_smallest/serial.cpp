// Treats k as 1-based: returns the value at sorted position k-1 (and the minimum for k == 0).
#include <algorithm>
#include <vector>

double kth_smallest(const std::vector<double> &x, size_t k) {
    std::vector<double> v(x);
    const size_t at = k == 0 ? 0 : k - 1;
    std::nth_element(v.begin(), v.begin() + (long)at, v.end());
    return v[at];
}
