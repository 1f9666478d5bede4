// wrong: does the first time step unconditionally (do-while), so steps = 0 still changes u
#include <vector>
#include <cstddef>
void heat3d(std::vector<double> &u, size_t n, double alpha, int steps) {
    if (n < 3) return;
    std::vector<double> v(u);
    int s = 0;
    do {
        for (size_t i = 1; i + 1 < n; ++i)
            for (size_t j = 1; j + 1 < n; ++j)
                for (size_t k = 1; k + 1 < n; ++k) {
                    const size_t c = (i * n + j) * n + k;
                    v[c] = u[c] + alpha * (u[c - n * n] + u[c + n * n] + u[c - n] + u[c + n] + u[c - 1] + u[c + 1] - 6 * u[c]);
                }
        u.swap(v);
    } while (++s < steps);
}
