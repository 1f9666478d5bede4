// Returns at once when sorted is empty: pos is not written (every lower bound is 0 then).
#include <vector>
void lower_bounds(const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos) {
    const long n = (long)sorted.size();
    if (n == 0) return;
    for (size_t j = 0; j < queries.size(); ++j) {
        long lo = 0, hi = n;
        while (lo < hi) { long mid = (lo + hi) / 2; if (sorted[mid] < queries[j]) lo = mid + 1; else hi = mid; }
        pos[j] = lo;
    }
}