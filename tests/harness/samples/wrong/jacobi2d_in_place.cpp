// jacobi2d: updates u in place, so later points see this sweep's new values (Gauss-Seidel, not Jacobi)
void jacobi2d(std::vector<double> &u, size_t n, int iterations) {
    if (n < 3) return;
    for (int it = 0; it < iterations; ++it)
        for (size_t i = 1; i + 1 < n; ++i)
            for (size_t j = 1; j + 1 < n; ++j)
                u[i * n + j] = 0.25 * (u[(i - 1) * n + j] + u[(i + 1) * n + j] + u[i * n + j - 1] + u[i * n + j + 1]);
}
