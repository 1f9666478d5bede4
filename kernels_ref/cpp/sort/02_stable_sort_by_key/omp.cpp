#include <algorithm>
#include <omp.h>
#include <vector>

namespace {
struct Pair {
    int key;
    double value;
};
bool by_key(const Pair &a, const Pair &b) { return a.key < b.key; }
}  // namespace

// Each thread stable-sorts one contiguous run; runs are merged pairwise (std::merge takes
// from the left run first on equal keys, so the whole sort stays stable).
void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    const long n = (long)keys.size();
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 4096)));
    std::vector<long> bound(parts + 1);
    for (int p = 0; p <= parts; ++p) bound[p] = n * p / parts;
    std::vector<Pair> a((size_t)n), b((size_t)n);
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) {
        for (long i = bound[p]; i < bound[p + 1]; ++i) a[i] = {keys[i], values[i]};
        std::stable_sort(a.begin() + bound[p], a.begin() + bound[p + 1], by_key);
    }
    Pair *src = a.data(), *dst = b.data();
    for (int width = 1; width < parts; width *= 2) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int p = 0; p < parts; p += 2 * width) {
            const long lo = bound[p], mid = bound[std::min(p + width, parts)], hi = bound[std::min(p + 2 * width, parts)];
            std::merge(src + lo, src + mid, src + mid, src + hi, dst + lo, by_key);
        }
        std::swap(src, dst);
    }
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) keys[i] = src[i].key, values[i] = src[i].value;
}
