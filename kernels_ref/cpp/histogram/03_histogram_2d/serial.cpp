#include <cmath>
#include <vector>

void histogram_2d(const std::vector<double> &x, const std::vector<double> &y, int nx, int ny,
                  std::vector<long> &counts) {
    for (long c = 0; c < (long)nx * ny; ++c) counts[c] = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        ++counts[(long)std::floor(y[i] * ny) * nx + (long)std::floor(x[i] * nx)];
}
