// Wrong: the scores of dangling vertices is dropped instead of being spread over all vertices (the ranks no longer sum to 1).
#include <cstddef>
#include <mpi.h>
#include <vector>

void pr_scores(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
              const std::vector<int> &out_degree, double damping, int iterations, std::vector<double> &scores) {
    int me, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (n == 0) return;
    std::vector<int> counts(size), displs(size);
    for (int p = 0; p < size; ++p) {
        displs[p] = (int)(n * p / size);
        counts[p] = (int)(n * (p + 1) / size) - displs[p];
    }
    const long lo = displs[me], hi = lo + counts[me];
    std::vector<double> r(n, 1.0 / (double)n), next(n);
    for (int it = 0; it < iterations; ++it) {
        for (long v = lo; v < hi; ++v) {
            double s = 0.0;
            for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) s += r[col_idx[k]] / out_degree[col_idx[k]];
            next[v] = (1.0 - damping) / (double)n + damping * s;
        }
        MPI_Allgatherv(next.data() + lo, counts[me], MPI_DOUBLE, r.data(), counts.data(), displs.data(), MPI_DOUBLE,
                       MPI_COMM_WORLD);
    }
    if (me == 0)
        for (size_t v = 0; v < n; ++v) scores[v] = r[v];
}
