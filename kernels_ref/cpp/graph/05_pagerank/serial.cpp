#include <cstddef>
#include <utility>
#include <vector>

// Pull form: each vertex sums the contributions r[u] / out_degree[u] of its incoming edges.
void pr_scores(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
              const std::vector<int> &out_degree, double damping, int iterations, std::vector<double> &scores) {
    if (n == 0) return;
    std::vector<double> r(n, 1.0 / (double)n), next(n), share(n);
    for (int it = 0; it < iterations; ++it) {
        double dangling = 0.0;
        for (size_t u = 0; u < n; ++u) {
            if (out_degree[u] == 0) dangling += r[u];
            share[u] = out_degree[u] ? r[u] / out_degree[u] : 0.0;
        }
        const double base = (1.0 - damping) / (double)n + damping * dangling / (double)n;
        for (size_t v = 0; v < n; ++v) {
            double s = 0.0;
            for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) s += share[col_idx[k]];
            next[v] = base + damping * s;
        }
        std::swap(r, next);
    }
    for (size_t v = 0; v < n; ++v) scores[v] = r[v];
}
