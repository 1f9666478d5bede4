#include <cstddef>
#include <omp.h>
#include <utility>
#include <vector>

// Pull form: each vertex sums the contributions r[u] / out_degree[u] of its incoming edges; the
// threads share the vertices, and the dangling sum is a reduction.
void pr_scores(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
              const std::vector<int> &out_degree, double damping, int iterations, std::vector<double> &scores) {
    if (n == 0) return;
    std::vector<double> r(n, 1.0 / (double)n), next(n), share(n);
    const long N = (long)n;
    for (int it = 0; it < iterations; ++it) {
        double dangling = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : dangling)
        for (long u = 0; u < N; ++u) {
            if (out_degree[u] == 0) dangling += r[u];
            share[u] = out_degree[u] ? r[u] / out_degree[u] : 0.0;
        }
        const double base = (1.0 - damping) / (double)n + damping * dangling / (double)n;
#pragma omp parallel for schedule(dynamic, 1024)
        for (long v = 0; v < N; ++v) {
            double s = 0.0;
            for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) s += share[col_idx[k]];
            next[v] = base + damping * s;
        }
        std::swap(r, next);
    }
#pragma omp parallel for schedule(static)
    for (long v = 0; v < N; ++v) scores[v] = r[v];
}
