#include <algorithm>
#include <vector>

void smallest_k(const std::vector<double> &x, size_t k, std::vector<double> &out) {
    std::partial_sort_copy(x.begin(), x.end(), out.begin(), out.begin() + k);
}
