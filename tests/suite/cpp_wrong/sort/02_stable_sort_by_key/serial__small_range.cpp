// Counting sort that assumes keys in [-128, 383]: out of bounds for keys outside it.
#include <vector>
void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    const size_t n = keys.size(); if (n < 2) return;
    // keys are small: counting sort over [-128, 383]
    const int OFF = 128, R = 512;
    std::vector<size_t> cnt(R + 1, 0);
    for (int k : keys) cnt[(k + OFF) + 1]++;
    for (int r = 0; r < R; ++r) cnt[r + 1] += cnt[r];
    std::vector<int> k2(n); std::vector<double> v2(n);
    for (size_t i = 0; i < n; ++i) { size_t p = cnt[keys[i] + OFF]++; k2[p] = keys[i]; v2[p] = values[i]; }
    keys.swap(k2); values.swap(v2);
}