#include <climits>
#include <cstddef>
#include <omp.h>
#include <vector>

// Bellman-Ford over an active set: each round relaxes the out-edges of the vertices whose distance
// dropped in the previous round. Threads lower dist[v] with a compare-and-swap loop, and the first
// thread to lower v in a round (an atomic exchange on its flag) puts it in its list of the next
// active set. Distances only fall and are always lengths of real paths, so when no distance falls
// they are the shortest. Small active sets (a long path) are relaxed without a parallel region.
static bool lower(long long *d, long long nd) {
    long long cur = __atomic_load_n(d, __ATOMIC_RELAXED);
    while (nd < cur)
        if (__atomic_compare_exchange_n(d, &cur, nd, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) return true;
    return false;
}

void sssp(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<int> &weight,
          int source, std::vector<long long> &dist) {
#pragma omp parallel for schedule(static)
    for (long v = 0; v < (long)n; ++v) dist[v] = LLONG_MAX;
    if (n == 0) return;
    dist[source] = 0;
    std::vector<char> queued(n, 0);
    std::vector<int> active{source}, next;
    std::vector<std::vector<int>> found(omp_get_max_threads());
    while (!active.empty()) {
        for (auto &f : found) f.clear();
        const long size = (long)active.size();
        if (size <= 256) {
            for (long i = 0; i < size; ++i) {
                const int u = active[i];
                const long long du = dist[u];
                for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                    const int v = col_idx[k];
                    if (du + weight[k] < dist[v]) {
                        dist[v] = du + weight[k];
                        if (!queued[v]) queued[v] = 1, found[0].push_back(v);
                    }
                }
            }
        } else {
#pragma omp parallel
            {
                std::vector<int> &mine = found[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 64)
                for (long i = 0; i < size; ++i) {
                    const int u = active[i];
                    const long long du = __atomic_load_n(&dist[u], __ATOMIC_RELAXED);
                    for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                        const int v = col_idx[k];
                        if (lower(&dist[v], du + weight[k]) && !__atomic_exchange_n(&queued[v], 1, __ATOMIC_RELAXED))
                            mine.push_back(v);
                    }
                }
            }
        }
        next.clear();
        for (auto &f : found) next.insert(next.end(), f.begin(), f.end());
        for (int v : next) queued[v] = 0;
        active.swap(next);
    }
}
