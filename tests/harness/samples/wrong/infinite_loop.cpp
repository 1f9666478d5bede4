// infinite loop: the sweep loop lost its condition (`for (int it = 0;; ++it)`), so it never stops for n >= 3
void jacobi2d(std::vector<double> &u, size_t n, int iterations) {
    if (n < 3) return;
    std::vector<double> next(u);
    for (int it = 0;; ++it) {
        for (size_t i = 1; i + 1 < n; ++i)
            for (size_t j = 1; j + 1 < n; ++j)
                next[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
        std::swap(u, next);
    }
}
