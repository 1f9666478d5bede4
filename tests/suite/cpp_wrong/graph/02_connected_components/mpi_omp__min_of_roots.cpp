// wrong: each rank builds a union-find forest from the edges of its own rows and the ranks' forests are combined by an element-wise MPI_MIN of the roots, which is not a union: a component whose edges are spread over several ranks can keep a label that is not its smallest vertex, or split in two
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <utility>
#include <vector>

// Concurrent union-find: a root is linked under a smaller root with a compare-and-swap that
// succeeds only while it is still a root, so every root stays the smallest vertex of its set.
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

// Each rank's threads unite the edges in the rows of the rank's block of vertices; every vertex
// is then labelled with the smallest root any rank found for it (MPI_MIN).
void connected_components(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                          std::vector<int> &label) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> parent(n), root(n);
    int *p = parent.data();
    const long lo = (long)(n * rank / size), hi = (long)(n * (rank + 1) / size);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long v = 0; v < (long)n; ++v) p[v] = (int)v;
#pragma omp for schedule(dynamic, 256)
        for (long u = lo; u < hi; ++u)
            for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k)
                if (col_idx[k] != u) unite(p, (int)u, col_idx[k]);
#pragma omp for schedule(static)
        for (long v = 0; v < (long)n; ++v) root[v] = find_root(p, (int)v);
    }
    MPI_Reduce(root.data(), label.data(), (int)n, MPI_INT, MPI_MIN, 0, MPI_COMM_WORLD);
}
