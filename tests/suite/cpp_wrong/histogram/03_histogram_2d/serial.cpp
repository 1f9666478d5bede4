// Indexes the cells column-major (ix * ny + iy) instead of row-major (iy * nx + ix).
#include <cmath>
#include <vector>

void histogram_2d(const std::vector<double> &x, const std::vector<double> &y, int nx, int ny,
                  std::vector<long> &counts) {
    for (long c = 0; c < (long)nx * ny; ++c) counts[c] = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        ++counts[(long)std::floor(x[i] * nx) * ny + (long)std::floor(y[i] * ny)];
}
