#include <algorithm>
#include <omp.h>
#include <vector>

namespace {
struct Item {
    double value;
    int index;
};
// (value, index) is a total order whose sorted sequence is the stable order of the values.
bool before(const Item &a, const Item &b) { return a.value < b.value || (a.value == b.value && a.index < b.index); }
}  // namespace

// Sort (value, index) pairs: one run per thread, then pairwise merges; then scatter the positions.
void stable_ranks(const std::vector<double> &x, std::vector<int> &rank) {
    const long n = (long)x.size();
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 4096)));
    std::vector<long> bound(parts + 1);
    for (int p = 0; p <= parts; ++p) bound[p] = n * p / parts;
    std::vector<Item> a((size_t)n), b((size_t)n);
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) {
        for (long i = bound[p]; i < bound[p + 1]; ++i) a[i] = {x[i], (int)i};
        std::sort(a.begin() + bound[p], a.begin() + bound[p + 1], before);
    }
    Item *src = a.data(), *dst = b.data();
    for (int width = 1; width < parts; width *= 2) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int p = 0; p < parts; p += 2 * width) {
            const long lo = bound[p], mid = bound[std::min(p + width, parts)], hi = bound[std::min(p + 2 * width, parts)];
            std::merge(src + lo, src + mid, src + mid, src + hi, dst + lo, before);
        }
        std::swap(src, dst);
    }
#pragma omp parallel for schedule(static)
    for (long p = 0; p < n; ++p) rank[src[p].index] = (int)p;
}
