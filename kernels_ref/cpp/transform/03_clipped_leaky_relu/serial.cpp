#include <cstddef>
#include <vector>

// Comparisons with a NaN are false, so a NaN falls through both tests and is copied.
void clipped_leaky_relu(const std::vector<double> &x, double alpha, double cap, std::vector<double> &y) {
    const std::size_t n = x.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double v = x[i];
        y[i] = v < 0 ? alpha * v : v > cap ? cap : v;
    }
}
