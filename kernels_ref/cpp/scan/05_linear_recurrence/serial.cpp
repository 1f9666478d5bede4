#include <cstddef>
#include <vector>

void linear_recurrence(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &y) {
    if (a.empty()) return;
    y[0] = b[0];
    for (size_t i = 1; i < a.size(); ++i) y[i] = a[i] * y[i - 1] + b[i];
}
