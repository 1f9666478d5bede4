// Uses std::sort on the key alone, which is not stable: pairs with equal keys get reordered.
#include <algorithm>
#include <vector>

void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    std::vector<std::pair<int, double>> p(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) p[i] = {keys[i], values[i]};
    std::sort(p.begin(), p.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = p[i].first, values[i] = p[i].second;
}
