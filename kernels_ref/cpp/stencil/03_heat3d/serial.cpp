#include <cstddef>
#include <utility>
#include <vector>

void heat3d(std::vector<double> &u, size_t n, double alpha, int steps) {
    if (n < 3) return;
    const long N = (long)n, P = N * N;  // strides of j and i
    std::vector<double> next(u);  // the boundary is copied once and never changes
    for (int s = 0; s < steps; ++s) {
        const double *a = u.data();
        double *b = next.data();
        for (long i = 1; i < N - 1; ++i)
            for (long j = 1; j < N - 1; ++j) {
                const long r = (i * N + j) * N;
                for (long k = 1; k < N - 1; ++k) {
                    const double c = a[r + k];
                    b[r + k] = c + alpha * (a[r + k - P] + a[r + k + P] + a[r + k - N] + a[r + k + N] + a[r + k - 1] +
                                            a[r + k + 1] - 6.0 * c);
                }
            }
        std::swap(u, next);
    }
}
