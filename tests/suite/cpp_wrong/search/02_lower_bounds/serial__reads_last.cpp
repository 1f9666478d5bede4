// Reads sorted[n-1] before searching: out of bounds when sorted is empty.
#include <vector>
void lower_bounds(const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos) {
    const long n = (long)sorted.size();
    for (size_t j = 0; j < queries.size(); ++j) {
        const double q = queries[j];
        if (q > sorted[n - 1]) { pos[j] = n; continue; }
        long lo = 0, hi = n - 1;
        while (lo < hi) { long mid = (lo + hi) / 2; if (sorted[mid] < q) lo = mid + 1; else hi = mid; }
        pos[j] = lo;
    }
}