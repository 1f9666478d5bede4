// wrong: the k loop starts at 0, so the boundary points with k = 0 are updated too (their k-1 neighbour wraps to the previous row)
#include <cstddef>
#include <omp.h>
#include <utility>
#include <vector>

void heat3d(std::vector<double> &u, size_t n, double alpha, int steps) {
    if (n < 3) return;
    const long N = (long)n, P = N * N;
    std::vector<double> next(u);
    for (int s = 0; s < steps; ++s) {
#pragma omp parallel for schedule(static)
        for (long i = 1; i < N - 1; ++i)
            for (long j = 1; j < N - 1; ++j)
                for (long k = 0; k < N - 1; ++k) {
                    const long x = (i * N + j) * N + k;
                    next[x] = u[x] + alpha * (u[x - P] + u[x + P] + u[x - N] + u[x + N] + u[x - 1] + u[x + 1] - 6.0 * u[x]);
                }
        std::swap(u, next);
    }
}
