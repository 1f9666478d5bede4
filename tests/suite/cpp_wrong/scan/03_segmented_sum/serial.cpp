// wrong: restarts the sum after a flagged element instead of at it (the flag marks the first element of a segment, not the last)
#include <cstddef>
#include <cstdint>
#include <vector>

void segmented_sum(const std::vector<double> &x, const std::vector<uint8_t> &head, std::vector<double> &y) {
    double s = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        y[i] = s += x[i];
        if (head[i]) s = 0.0;
    }
}
