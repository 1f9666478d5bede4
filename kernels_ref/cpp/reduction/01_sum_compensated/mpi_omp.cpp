#include <cmath>
#include <mpi.h>
#include <omp.h>
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
    std::vector<double> ps(omp_get_max_threads(), 0.0), pc(ps.size(), 0.0);
    int used = 1;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        double s = 0.0, c = 0.0;
        for (long i = lo + (hi - lo) * t / nt; i < lo + (hi - lo) * (t + 1) / nt; ++i) add(s, c, x[i]);
        ps[t] = s, pc[t] = c;
        if (t == 0) used = nt;
    }
    double s = 0.0, c = 0.0;
    for (int t = 0; t < used; ++t) {
        add(s, c, ps[t]);
        c += pc[t];
    }
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
