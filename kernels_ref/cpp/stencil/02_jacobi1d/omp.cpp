#include <cstddef>
#include <omp.h>
#include <utility>
#include <vector>

// One parallel region for all sweeps; each sweep's loop ends with a barrier, and one thread
// swaps the buffers between sweeps.
void jacobi1d(std::vector<double> &u, int steps) {
    const long n = (long)u.size();
    if (n < 3) return;
    std::vector<double> next(u);
    double *a = u.data(), *b = next.data();
#pragma omp parallel firstprivate(a, b)
    for (int s = 0; s < steps; ++s) {
#pragma omp for schedule(static)
        for (long i = 1; i < n - 1; ++i) b[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0;
        std::swap(a, b);  // every thread swaps its own copies of the two pointers
    }
    if (steps % 2) std::swap(u, next);
}
