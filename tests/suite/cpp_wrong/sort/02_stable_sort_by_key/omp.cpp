// Sorts the pairs by (key, value) instead of stably by key: equal keys end up ordered by value, not by input position.
#include <algorithm>
#include <omp.h>
#include <vector>

void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    const long n = (long)keys.size();
    std::vector<std::pair<int, double>> p((size_t)n);
#pragma omp parallel for
    for (long i = 0; i < n; ++i) p[i] = {keys[i], values[i]};
    std::sort(p.begin(), p.end());
#pragma omp parallel for
    for (long i = 0; i < n; ++i) keys[i] = p[i].first, values[i] = p[i].second;
}
