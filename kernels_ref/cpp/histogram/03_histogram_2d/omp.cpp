#include <cmath>
#include <omp.h>
#include <vector>

// Private per-thread histograms (an array-section reduction), summed at the end.
void histogram_2d(const std::vector<double> &x, const std::vector<double> &y, int nx, int ny,
                  std::vector<long> &counts) {
    const long n = (long)x.size(), cells = (long)nx * ny;
    long *c = counts.data();
    for (long k = 0; k < cells; ++k) c[k] = 0;
#pragma omp parallel for reduction(+ : c[:cells]) schedule(static)
    for (long i = 0; i < n; ++i) ++c[(long)std::floor(y[i] * ny) * nx + (long)std::floor(x[i] * nx)];
}
