// Uses std::fmax / std::fmin for the clipping, which return the other operand for a NaN: NaN inputs come out as cap instead of NaN.
#include <cmath>
#include <vector>

void clipped_leaky_relu(const std::vector<double> &x, double alpha, double cap, std::vector<double> &y) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double v = x[i];
        y[i] = v < 0 ? alpha * v : std::fmin(v, cap);
    }
}
