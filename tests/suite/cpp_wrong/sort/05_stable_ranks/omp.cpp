// Gives equal values the same rank (the count of strictly smaller values) instead of splitting ties by position.
#include <algorithm>
#include <omp.h>
#include <vector>

void stable_ranks(const std::vector<double> &x, std::vector<int> &rank) {
    std::vector<double> sorted(x);
    std::sort(sorted.begin(), sorted.end());
    const long n = (long)x.size();
#pragma omp parallel for
    for (long i = 0; i < n; ++i) rank[i] = (int)(std::lower_bound(sorted.begin(), sorted.end(), x[i]) - sorted.begin());
}
