// Adds 0.0 to the pass-through branch: x = -0 gives +0 instead of -0.
#include <vector>
void clipped_leaky_relu(const std::vector<double> &x, double alpha, double cap, std::vector<double> &y) {
    for (size_t i = 0; i < x.size(); ++i) { double v = x[i]; y[i] = v < 0 ? alpha * v : v > cap ? cap : v + 0.0; }
}