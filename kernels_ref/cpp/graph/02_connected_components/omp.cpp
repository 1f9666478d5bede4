#include <cstddef>
#include <omp.h>
#include <utility>
#include <vector>

// Concurrent union-find: a root is linked under a smaller root with a compare-and-swap that
// succeeds only while it is still a root, so every root stays the smallest vertex of its set and
// no cycle can form. Finds shorten paths with compare-and-swap too (a pointer only ever moves to
// an ancestor).
static int find_root(int *parent, int x) {
    for (;;) {
        int p = __atomic_load_n(&parent[x], __ATOMIC_RELAXED);
        if (p == x) return x;
        int gp = __atomic_load_n(&parent[p], __ATOMIC_RELAXED);
        if (gp != p) __atomic_compare_exchange_n(&parent[x], &p, gp, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
        x = gp;
    }
}

static void unite(int *parent, int a, int b) {
    for (;;) {
        a = find_root(parent, a), b = find_root(parent, b);
        if (a == b) return;
        if (a > b) std::swap(a, b);
        int expected = b;
        if (__atomic_compare_exchange_n(&parent[b], &expected, a, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) return;
    }
}

void connected_components(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                          std::vector<int> &label) {
    std::vector<int> parent(n);
    int *p = parent.data();
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long v = 0; v < (long)n; ++v) p[v] = (int)v;
#pragma omp for schedule(dynamic, 256)
        for (long u = 0; u < (long)n; ++u)
            for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k)
                if (col_idx[k] > u) unite(p, (int)u, col_idx[k]);
#pragma omp for schedule(static)
        for (long v = 0; v < (long)n; ++v) label[v] = find_root(p, (int)v);
    }
}
