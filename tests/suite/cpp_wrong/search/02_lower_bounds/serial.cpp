// A hand-written binary search that stops at any element equal to the query, not the first of the equal ones.
#include <vector>

void lower_bounds(const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos) {
    for (std::size_t j = 0; j < queries.size(); ++j) {
        long lo = 0, hi = (long)sorted.size();
        while (lo < hi) {
            long mid = (lo + hi) / 2;
            if (sorted[mid] == queries[j]) { lo = mid; break; }
            if (sorted[mid] < queries[j]) lo = mid + 1; else hi = mid;
        }
        pos[j] = lo;
    }
}
