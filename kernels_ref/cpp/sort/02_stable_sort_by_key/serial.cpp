#include <algorithm>
#include <vector>

namespace {
struct Pair {
    int key;
    double value;
};
}  // namespace

void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    const size_t n = keys.size();
    std::vector<Pair> p(n);
    for (size_t i = 0; i < n; ++i) p[i] = {keys[i], values[i]};
    std::stable_sort(p.begin(), p.end(), [](const Pair &a, const Pair &b) { return a.key < b.key; });
    for (size_t i = 0; i < n; ++i) keys[i] = p[i].key, values[i] = p[i].value;
}
