#include <cmath>
#include <mpi.h>
#include <vector>

// Every rank finds the best index of its block; rank 0 gathers (distance, value, index) of
// every rank and keeps the best by the tie rules.
long closest_index(const std::vector<double> &x, double target) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    double mine[3] = {-1, 0, 0};  // index (-1: none), distance, value
    for (long i = lo; i < hi; ++i) {
        const double d = std::fabs(x[i] - target);
        if (mine[0] < 0 || d < mine[1] || (d == mine[1] && x[i] < mine[2])) mine[0] = (double)i, mine[1] = d, mine[2] = x[i];
    }
    std::vector<double> all(rank == 0 ? 3 * (size_t)size : 0);
    MPI_Gather(mine, 3, MPI_DOUBLE, all.data(), 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank != 0) return -1;
    long best = -1;
    double bd = 0, bv = 0;
    for (int r = 0; r < size; ++r) {  // ranks in block order: an earlier block wins a full tie
        const double *c = &all[3 * (size_t)r];
        if (c[0] < 0) continue;
        if (best < 0 || c[1] < bd || (c[1] == bd && c[2] < bv)) best = (long)c[0], bd = c[1], bv = c[2];
    }
    return best;
}
