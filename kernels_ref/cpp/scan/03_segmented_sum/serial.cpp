#include <cstddef>
#include <cstdint>
#include <vector>

void segmented_sum(const std::vector<double> &x, const std::vector<uint8_t> &head, std::vector<double> &y) {
    double s = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        if (head[i]) s = 0.0;
        y[i] = s += x[i];
    }
}
