// wrong: updates u in place (no second grid), so a point reads neighbours already updated in this sweep
#include <cstddef>
#include <omp.h>
#include <vector>

void jacobi2d(std::vector<double> &u, size_t n, int iterations) {
    if (n < 3) return;
    for (int it = 0; it < iterations; ++it) {
#pragma omp parallel for schedule(static)
        for (long i = 1; i < (long)n - 1; ++i)
            for (size_t j = 1; j + 1 < n; ++j)
                u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
    }
}
