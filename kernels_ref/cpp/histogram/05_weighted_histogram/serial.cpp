#include <vector>

void weighted_histogram(const std::vector<int> &keys, const std::vector<double> &weights, int bins,
                        std::vector<double> &sums) {
    for (int b = 0; b < bins; ++b) sums[b] = 0.0;
    const std::size_t n = keys.size();
    for (std::size_t i = 0; i < n; ++i) {
        const int k = keys[i];
        if (k >= 0 && k < bins) sums[k] += weights[i];
    }
}
