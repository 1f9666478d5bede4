// Uses upper_bound (first element greater than the query) instead of lower_bound.
#include <algorithm>
#include <omp.h>
#include <vector>

void lower_bounds(const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos) {
    const long m = (long)queries.size();
#pragma omp parallel for
    for (long j = 0; j < m; ++j) pos[j] = std::upper_bound(sorted.begin(), sorted.end(), queries[j]) - sorted.begin();
}
