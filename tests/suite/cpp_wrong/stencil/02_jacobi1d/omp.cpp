// wrong: updates u in place, so a point sees its left neighbour's new value from this sweep (Gauss-Seidel, and racy)
#include <cstddef>
#include <omp.h>
#include <vector>

void jacobi1d(std::vector<double> &u, int steps) {
    const long n = (long)u.size();
    for (int s = 0; s < steps; ++s) {
#pragma omp parallel for schedule(static)
        for (long i = 1; i < n - 1; ++i) u[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
    }
}
