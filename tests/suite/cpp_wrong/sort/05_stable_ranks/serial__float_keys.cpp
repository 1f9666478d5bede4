// Ranks by float keys: close doubles (1 and 1 + 2^-52) compare equal and are ranked by index.
#include <vector>
#include <algorithm>
#include <numeric>
void stable_ranks(const std::vector<double> &x, std::vector<int> &rank) {
    std::vector<int> idx(x.size()); std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return (float)x[a] < (float)x[b]; });
    for (size_t q = 0; q < idx.size(); ++q) rank[idx[q]] = (int)q;
}