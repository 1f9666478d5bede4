// wrong: after each iteration the new scores are gathered to rank 0 only (MPI_Gatherv, not MPI_Allgatherv), so the other ranks compute every later iteration from their own stale copy of the scores of the vertices they do not own
#include <cstddef>
#include <mpi.h>
#include <omp.h>
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
    std::vector<double> r(n, 1.0 / (double)n);
    for (int it = 0; it < iterations; ++it) {
        double mine = 0.0, dangling = 0.0;
#pragma omp parallel for schedule(static) reduction(+ : mine)
        for (long u = lo; u < hi; ++u)
            if (out_degree[u] == 0) mine += r[u];
        MPI_Allreduce(&mine, &dangling, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        const double base = (1.0 - damping) / (double)n + damping * dangling / (double)n;
        std::vector<double> next(r);
#pragma omp parallel for schedule(dynamic, 1024)
        for (long v = lo; v < hi; ++v) {
            double s = 0.0;
            for (int k = row_ptr[v]; k < row_ptr[v + 1]; ++k) s += r[col_idx[k]] / out_degree[col_idx[k]];
            next[v] = base + damping * s;
        }
        if (me == 0)
            MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, next.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                        MPI_COMM_WORLD);
        else
            MPI_Gatherv(next.data() + lo, counts[me], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                        MPI_COMM_WORLD);
        r.swap(next);
    }
    if (me == 0)
        for (size_t v = 0; v < n; ++v) scores[v] = r[v];
}
