// Wrong: Bellman-Ford keeps distances in int (INT_MAX as infinity), so long heavy paths overflow.
#include <climits>
#include <cstddef>
#include <mpi.h>
#include <vector>

void sssp(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<int> &weight,
          int source, std::vector<long long> &dist) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (n == 0) return;
    std::vector<int> d(n, INT_MAX);
    d[source] = 0;
    const long lo = (long)(n * rank / size), hi = (long)(n * (rank + 1) / size);
    for (size_t round = 0; round < n; ++round) {
        int changed = 0;
        for (long u = lo; u < hi; ++u) {
            if (d[u] == INT_MAX) continue;
            for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k)
                if (d[u] + weight[k] < d[col_idx[k]]) d[col_idx[k]] = d[u] + weight[k], changed = 1;
        }
        MPI_Allreduce(MPI_IN_PLACE, d.data(), (int)n, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        MPI_Allreduce(MPI_IN_PLACE, &changed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (!changed) break;
    }
    for (size_t v = 0; v < n; ++v) dist[v] = d[v] == INT_MAX ? LLONG_MAX : d[v];
}
