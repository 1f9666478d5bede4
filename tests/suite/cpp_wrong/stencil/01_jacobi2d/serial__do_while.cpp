// wrong: does the first sweep unconditionally (do-while), so iterations = 0 still changes u
#include <vector>
#include <cstddef>
void jacobi2d(std::vector<double> &u, size_t n, int iterations) {
    if (n < 3) return;
    std::vector<double> v(u);
    int it = 0;
    do {
        for (size_t i = 1; i + 1 < n; ++i)
            for (size_t j = 1; j + 1 < n; ++j)
                v[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
        u.swap(v);
    } while (++it < iterations);
}
