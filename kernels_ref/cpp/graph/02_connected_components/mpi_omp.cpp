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

// Each rank's threads unite the edges in the rows of the rank's block of vertices; the ranks'
// forests are then merged pairwise up a binomial tree (a rank sends each vertex's root to its
// partner, which unites every vertex with the root it received).
void connected_components(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                          std::vector<int> &label) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> parent(n), other(n);
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
    }
    for (int step = 1; step < size; step *= 2) {
        if (rank % (2 * step) == step) {
#pragma omp parallel for schedule(static)
            for (long v = 0; v < (long)n; ++v) other[v] = find_root(p, (int)v);
            MPI_Send(other.data(), (int)n, MPI_INT, rank - step, 0, MPI_COMM_WORLD);
            break;
        }
        if (rank % (2 * step) == 0 && rank + step < size) {
            MPI_Recv(other.data(), (int)n, MPI_INT, rank + step, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
#pragma omp parallel for schedule(dynamic, 256)
            for (long v = 0; v < (long)n; ++v) unite(p, (int)v, other[v]);
        }
    }
    if (rank == 0) {
#pragma omp parallel for schedule(static)
        for (long v = 0; v < (long)n; ++v) label[v] = find_root(p, (int)v);
    }
}
