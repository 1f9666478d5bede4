#include <cmath>
#include <mpi.h>
#include <vector>

// Neumaier: add v to the running sum s and the rounding error of that addition to c.
static inline void add(double &s, double &c, double v) {
    const double t = s + v;
    c += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
    s = t;
}

// Each rank sums a block with its own correction; rank 0 gathers the (sum, correction)
// pairs and adds them in rank order, again with compensation.
double accurate_sum(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    double s = 0.0, c = 0.0;
    for (long i = lo; i < hi; ++i) add(s, c, x[i]);
    double mine[2] = {s, c};
    std::vector<double> all(rank == 0 ? 2 * size : 0);
    MPI_Gather(mine, 2, MPI_DOUBLE, all.data(), 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank != 0) return 0.0;
    double ts = 0.0, tc = 0.0;
    for (int r = 0; r < size; ++r) {
        add(ts, tc, all[2 * r]);
        tc += all[2 * r + 1];
    }
    return ts + tc;
}
