#include <cstddef>
#include <vector>

void select_greater(const std::vector<double> &x, double threshold, std::vector<double> &out) {
    size_t count = 0;
    for (double v : x) count += v > threshold;
    out.resize(count);
    size_t k = 0;
    for (double v : x)
        if (v > threshold) out[k++] = v;
}
