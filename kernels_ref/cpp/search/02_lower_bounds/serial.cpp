#include <algorithm>
#include <vector>

void lower_bounds(const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos) {
    for (std::size_t j = 0; j < queries.size(); ++j)
        pos[j] = std::lower_bound(sorted.begin(), sorted.end(), queries[j]) - sorted.begin();
}
