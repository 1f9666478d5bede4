// Counting sort whose key range (max - min + 1) is computed in int: overflows when keys span more than 2^31.
#include <vector>
#include <algorithm>
void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    const size_t n = keys.size(); if (n < 2) return;
    int mn = *std::min_element(keys.begin(), keys.end()), mx = *std::max_element(keys.begin(), keys.end());
    int R = mx - mn + 1;   // overflows for widely spread keys
    std::vector<size_t> cnt((size_t)R + 1, 0);
    for (int k : keys) cnt[(k - mn) + 1]++;
    for (int r = 0; r < R; ++r) cnt[r + 1] += cnt[r];
    std::vector<int> k2(n); std::vector<double> v2(n);
    for (size_t i = 0; i < n; ++i) { size_t p = cnt[keys[i] - mn]++; k2[p] = keys[i]; v2[p] = values[i]; }
    keys.swap(k2); values.swap(v2);
}