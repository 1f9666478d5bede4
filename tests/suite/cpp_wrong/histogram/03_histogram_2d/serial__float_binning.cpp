// wrong: computes x * nx in float, which rounds a coordinate just below a cell edge (0.5 - 2^-40 with nx = 2) up onto the edge, into the next cell
#include <vector>
#include <cstddef>
void histogram_2d(const std::vector<double> &x, const std::vector<double> &y, int nx, int ny, std::vector<long> &counts) {
    for (size_t c = 0; c < counts.size(); ++c) counts[c] = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        const int ix = (int)((float)x[i] * (float)nx);
        const int iy = (int)((float)y[i] * (float)ny);
        ++counts[(size_t)iy * nx + ix];
    }
}
