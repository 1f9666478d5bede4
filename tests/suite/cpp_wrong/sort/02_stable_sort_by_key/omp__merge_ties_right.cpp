// wrong: threads stable-sort their blocks, but the merge of two blocks takes the right block's pair on equal keys, so equal keys across block boundaries swap order
#include <algorithm>
#include <omp.h>
#include <utility>
#include <vector>

void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    const long n = (long)keys.size();
    std::vector<std::pair<int, double>> p(n), q(n);
    for (long i = 0; i < n; ++i) p[i] = {keys[i], values[i]};
    int T = 1;
    std::vector<long> b;
#pragma omp parallel
    {
#pragma omp single
        {
            T = omp_get_num_threads();
            b.resize(T + 1);
            for (int t = 0; t <= T; ++t) b[t] = n * t / T;
        }
        const int t = omp_get_thread_num();
        std::stable_sort(p.begin() + b[t], p.begin() + b[t + 1],
                         [](const auto &a, const auto &c) { return a.first < c.first; });
    }
    for (int w = 1; w < T; w *= 2) {
        for (int t = 0; t + w < T; t += 2 * w) {
            long lo = b[t], mid = b[t + w], hi = b[std::min(t + 2 * w, T)];
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi) q[k++] = (p[j].first <= p[i].first) ? p[j++] : p[i++];
            while (i < mid) q[k++] = p[i++];
            while (j < hi) q[k++] = p[j++];
            std::copy(q.begin() + lo, q.begin() + hi, p.begin() + lo);
        }
    }
    for (long i = 0; i < n; ++i) { keys[i] = p[i].first; values[i] = p[i].second; }
}
