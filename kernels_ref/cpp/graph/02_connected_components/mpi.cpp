#include <cstddef>
#include <mpi.h>
#include <utility>
#include <vector>

// Union-find in which the larger root is always linked under the smaller one, so every root is
// the smallest vertex of its set.
static int find_root(std::vector<int> &parent, int x) {
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static void unite(std::vector<int> &parent, int a, int b) {
    a = find_root(parent, a), b = find_root(parent, b);
    if (a == b) return;
    if (a > b) std::swap(a, b);
    parent[b] = a;
}

// Each rank unites the edges in the rows of its block of vertices. The ranks' forests are then
// merged pairwise up a binomial tree: a rank sends its labelling (each vertex's root) to its
// partner, which unites every vertex with the root it received. Rank 0 ends with all the edges.
void connected_components(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                          std::vector<int> &label) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> parent(n), other(n);
    for (size_t v = 0; v < n; ++v) parent[v] = (int)v;
    const long lo = (long)(n * rank / size), hi = (long)(n * (rank + 1) / size);
    for (long u = lo; u < hi; ++u)
        for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k)
            if (col_idx[k] != u) unite(parent, (int)u, col_idx[k]);
    for (int step = 1; step < size; step *= 2) {
        if (rank % (2 * step) == step) {
            for (size_t v = 0; v < n; ++v) other[v] = find_root(parent, (int)v);
            MPI_Send(other.data(), (int)n, MPI_INT, rank - step, 0, MPI_COMM_WORLD);
            break;
        }
        if (rank % (2 * step) == 0 && rank + step < size) {
            MPI_Recv(other.data(), (int)n, MPI_INT, rank + step, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (size_t v = 0; v < n; ++v) unite(parent, (int)v, other[v]);
        }
    }
    if (rank == 0)
        for (size_t v = 0; v < n; ++v) label[v] = find_root(parent, (int)v);
}
