// Compares squared distances in float: distances that differ by less than float precision tie and are ordered by index.
#include <vector>
#include <algorithm>
void knn(const std::vector<int> &x, const std::vector<int> &y, int k, std::vector<int> &nbr) {
    const int n = (int)x.size();
    for (int i = 0; i < n; ++i) { std::vector<std::pair<double,int>> d;
        for (int j = 0; j < n; ++j) if (j != i) { double dx = (double)x[i]-x[j], dy = (double)y[i]-y[j]; d.push_back({(float)(dx*dx+dy*dy), j}); }
        int kk = std::min<int>(k, (int)d.size());
        std::partial_sort(d.begin(), d.begin() + kk, d.end());
        for (int t = 0; t < k; ++t) nbr[(size_t)i*k+t] = t < kk ? d[t].second : -1; }
}