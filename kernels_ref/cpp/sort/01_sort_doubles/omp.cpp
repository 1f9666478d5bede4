#include <algorithm>
#include <omp.h>
#include <vector>

// Each thread sorts one contiguous run; then runs are merged pairwise, the merges of a
// round in parallel, ping-ponging between x and a buffer.
void sort_doubles(std::vector<double> &x) {
    const long n = (long)x.size();
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 4096)));
    std::vector<long> bound(parts + 1);
    for (int p = 0; p <= parts; ++p) bound[p] = n * p / parts;
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) std::sort(x.begin() + bound[p], x.begin() + bound[p + 1]);
    std::vector<double> buf((size_t)n);
    double *src = x.data(), *dst = buf.data();
    for (int width = 1; width < parts; width *= 2) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int p = 0; p < parts; p += 2 * width) {
            const long lo = bound[p], mid = bound[std::min(p + width, parts)], hi = bound[std::min(p + 2 * width, parts)];
            std::merge(src + lo, src + mid, src + mid, src + hi, dst + lo);
        }
        std::swap(src, dst);
    }
    if (src != x.data()) std::copy(src, src + n, x.data());
}
