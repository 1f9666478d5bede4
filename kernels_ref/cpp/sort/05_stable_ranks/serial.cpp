#include <algorithm>
#include <vector>

namespace {
struct Item {
    double value;
    int index;
};
}  // namespace

// Sorting (value, index) pairs lexicographically gives the stable order of the values
// (contiguous pairs sort faster than indices compared through x); position p of index i
// in it is rank[i].
void stable_ranks(const std::vector<double> &x, std::vector<int> &rank) {
    std::vector<Item> items(x.size());
    for (size_t i = 0; i < x.size(); ++i) items[i] = {x[i], (int)i};
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
        return a.value < b.value || (a.value == b.value && a.index < b.index);
    });
    for (size_t p = 0; p < items.size(); ++p) rank[items[p].index] = (int)p;
}
