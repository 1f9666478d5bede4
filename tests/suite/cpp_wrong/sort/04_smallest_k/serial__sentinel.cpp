// Fills its k slots with a sentinel of 1e9, assumed larger than any value: wrong when values of 1e9 or more are among the k smallest.
#include <vector>
#include <algorithm>
void smallest_k(const std::vector<double> &x, size_t k, std::vector<double> &out) {
    if (k == 0) return;
    std::vector<double> best(k, 1e9);  // sentinel larger than any value
    for (double v : x) {
        if (v < best[k-1]) { size_t i = k - 1; while (i > 0 && best[i-1] > v) { best[i] = best[i-1]; --i; } best[i] = v; }
    }
    for (size_t j = 0; j < k; ++j) out[j] = best[j];
}