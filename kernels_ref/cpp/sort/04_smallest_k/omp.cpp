#include <algorithm>
#include <omp.h>
#include <vector>

// Every thread keeps the k smallest values of its part of x (partial_sort_copy: a heap of k);
// the k smallest of the whole are among those candidates.
void smallest_k(const std::vector<double> &x, size_t k, std::vector<double> &out) {
    const long n = (long)x.size();
    if (k == 0) return;
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 65536)));
    std::vector<std::vector<double>> best(parts);
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) {
        const long lo = n * p / parts, hi = n * (p + 1) / parts;
        best[p].resize(std::min((size_t)(hi - lo), k));
        std::partial_sort_copy(x.begin() + lo, x.begin() + hi, best[p].begin(), best[p].end());
    }
    std::vector<double> all;
    for (auto &b : best) all.insert(all.end(), b.begin(), b.end());
    std::partial_sort_copy(all.begin(), all.end(), out.begin(), out.begin() + k);
}
