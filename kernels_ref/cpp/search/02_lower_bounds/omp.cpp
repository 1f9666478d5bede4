#include <algorithm>
#include <omp.h>
#include <vector>

// Queries are independent: split them over the threads.
void lower_bounds(const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos) {
    const long m = (long)queries.size();
#pragma omp parallel for schedule(static)
    for (long j = 0; j < m; ++j) pos[j] = std::lower_bound(sorted.begin(), sorted.end(), queries[j]) - sorted.begin();
}
