#include <climits>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank sweeps from a contiguous block of starting points, split among its threads (min
// reduction); rank 0 takes the minimum over the ranks.
long closest_pair(const std::vector<int> &x, const std::vector<int> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    long best = LONG_MAX;
#pragma omp parallel for schedule(static) reduction(min : best)
    for (long i = lo; i < hi; ++i)
        for (long j = i + 1; j < n; ++j) {
            const long dx = (long)x[j] - x[i];
            if (dx * dx >= best) break;
            const long dy = (long)y[j] - y[i], d = dx * dx + dy * dy;
            if (d < best) best = d;
        }
    long total = LONG_MAX;
    MPI_Reduce(&best, &total, 1, MPI_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return total;
}
