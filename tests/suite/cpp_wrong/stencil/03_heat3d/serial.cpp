// wrong: forgets the centre term, computing u + alpha * (sum of the six neighbours) instead of subtracting 6 u
#include <cstddef>
#include <utility>
#include <vector>

void heat3d(std::vector<double> &u, size_t n, double alpha, int steps) {
    if (n < 3) return;
    const long N = (long)n, P = N * N;
    std::vector<double> next(u);
    for (int s = 0; s < steps; ++s) {
        for (long i = 1; i < N - 1; ++i)
            for (long j = 1; j < N - 1; ++j)
                for (long k = 1; k < N - 1; ++k) {
                    const long x = (i * N + j) * N + k;
                    next[x] = u[x] + alpha * (u[x - P] + u[x + P] + u[x - N] + u[x + N] + u[x - 1] + u[x + 1]);
                }
        std::swap(u, next);
    }
}
