#include <algorithm>
#include <vector>

double kth_smallest(const std::vector<double> &x, size_t k) {
    std::vector<double> v(x);
    std::nth_element(v.begin(), v.begin() + (long)k, v.end());
    return v[k];
}
