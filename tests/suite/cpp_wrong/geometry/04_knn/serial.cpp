// Wrong: std::partial_sort on the distance alone, so equal distances come out in no particular index order.
#include <algorithm>
#include <utility>
#include <vector>

void knn(const std::vector<int> &x, const std::vector<int> &y, int k, std::vector<int> &nbr) {
    const long n = (long)x.size();
    std::vector<std::pair<long, int>> cand;
    for (long i = 0; i < n; ++i) {
        cand.clear();
        for (long j = 0; j < n; ++j) {
            if (j == i) continue;
            const long dx = x[j] - x[i], dy = y[j] - y[i];
            cand.push_back({dx * dx + dy * dy, (int)j});
        }
        const long m = std::min<long>(k, (long)cand.size());
        std::partial_sort(cand.begin(), cand.begin() + m, cand.end(),
                          [](const std::pair<long, int> &a, const std::pair<long, int> &b) { return a.first < b.first; });
        for (long t = 0; t < k; ++t) nbr[i * k + t] = t < m ? cand[t].second : -1;
    }
}
