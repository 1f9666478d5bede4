// Selects the k smallest with nth_element but never sorts them: out holds the right values in the wrong order.
#include <algorithm>
#include <vector>

void smallest_k(const std::vector<double> &x, size_t k, std::vector<double> &out) {
    if (k == 0) return;
    std::vector<double> tmp(x);
    std::nth_element(tmp.begin(), tmp.begin() + (k - 1), tmp.end());
    std::copy(tmp.begin(), tmp.begin() + k, out.begin());
}
