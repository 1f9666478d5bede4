// Accumulates in float to save bandwidth: sums lose about seven digits of precision.
#include <vector>

void weighted_histogram(const std::vector<int> &keys, const std::vector<double> &weights, int bins,
                        std::vector<double> &sums) {
    std::vector<float> acc((size_t)bins, 0.0f);
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] >= 0 && keys[i] < bins) acc[keys[i]] += (float)weights[i];
    for (int b = 0; b < bins; ++b) sums[b] = acc[b];
}
