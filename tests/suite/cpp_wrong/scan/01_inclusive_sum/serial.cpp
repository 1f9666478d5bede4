// wrong: computes the exclusive prefix sums (y[i] without x[i])
#include <cstddef>
#include <vector>

void inclusive_sum(const std::vector<double> &x, std::vector<double> &y) {
    double s = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
        y[i] = s;
        s += x[i];
    }
}
