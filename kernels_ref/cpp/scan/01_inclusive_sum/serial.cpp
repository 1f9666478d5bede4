#include <cstddef>
#include <vector>

void inclusive_sum(const std::vector<double> &x, std::vector<double> &y) {
    double s = 0.0;
    for (size_t i = 0; i < x.size(); ++i) y[i] = s += x[i];
}
