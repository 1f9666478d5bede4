#include <algorithm>
#include <cmath>
#include <limits>
#include <omp.h>
#include <vector>

// Sample-based selection: a sorted stride sample brackets the k-th value between two
// splitters lo <= hi; one parallel pass counts the values below lo and collects those in
// [lo, hi], and nth_element on that small set finishes. If the bracket misses (the sample
// was unlucky), it is widened to the whole side that holds position k and tried again.
double kth_smallest(const std::vector<double> &x, size_t k) {
    const long n = (long)x.size();
    const long s = std::min(n, 4096L);
    std::vector<double> sample((size_t)s);
    for (long i = 0; i < s; ++i) sample[i] = x[(size_t)(n * i / s)];
    std::sort(sample.begin(), sample.end());
    const long t = (long)((double)k / (double)n * (double)s), margin = 3 * (long)std::sqrt((double)s) + 4;
    double lo = sample[std::max(0L, t - margin)], hi = sample[std::min(s - 1, t + margin)];
    if (t - margin <= 0) lo = -std::numeric_limits<double>::infinity();
    if (t + margin >= s - 1) hi = std::numeric_limits<double>::infinity();
    for (;;) {
        long below = 0;
        std::vector<std::vector<double>> parts(omp_get_max_threads());
#pragma omp parallel reduction(+ : below)
        {
            std::vector<double> &mine = parts[omp_get_thread_num()];
#pragma omp for schedule(static) nowait
            for (long i = 0; i < n; ++i) {
                const double v = x[i];
                if (v < lo) ++below;
                else if (v <= hi) mine.push_back(v);
            }
        }
        std::vector<double> in;
        for (auto &p : parts) in.insert(in.end(), p.begin(), p.end());
        if ((long)k < below) {
            hi = lo, lo = -std::numeric_limits<double>::infinity();
        } else if ((long)k >= below + (long)in.size()) {
            lo = hi, hi = std::numeric_limits<double>::infinity();
        } else {
            std::nth_element(in.begin(), in.begin() + ((long)k - below), in.end());
            return in[(long)k - below];
        }
    }
}
