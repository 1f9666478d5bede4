// Rounds x * nx and y * ny to the nearest cell (clamped to the last one) instead of taking the floor.
#include <cmath>
#include <omp.h>
#include <vector>

void histogram_2d(const std::vector<double> &x, const std::vector<double> &y, int nx, int ny,
                  std::vector<long> &counts) {
    const long n = (long)x.size(), cells = (long)nx * ny;
    long *c = counts.data();
    for (long k = 0; k < cells; ++k) c[k] = 0;
#pragma omp parallel for reduction(+ : c[:cells])
    for (long i = 0; i < n; ++i) {
        const long ix = std::min((long)nx - 1, std::lround(x[i] * nx));
        const long iy = std::min((long)ny - 1, std::lround(y[i] * ny));
        ++c[iy * nx + ix];
    }
}
