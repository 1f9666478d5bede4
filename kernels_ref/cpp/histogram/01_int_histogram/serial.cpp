#include <algorithm>
#include <vector>

void int_histogram(const std::vector<int> &x, int bins, std::vector<long> &counts) {
    std::fill(counts.begin(), counts.begin() + bins, 0L);
    for (int v : x) ++counts[v];
}
