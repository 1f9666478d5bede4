// wrong: each rank's threads sum compensated (Neumaier) and keep their corrections, but each rank folds its correction into its sum (s + c, rounded) and rank 0 adds the ranks' values with a plain MPI_SUM, so the rounding of the large partial sums is lost when the ranks are combined
#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

static inline void add(double &s, double &c, double v) {
    const double t = s + v;
    c += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
    s = t;
}

double accurate_sum(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    double s = 0.0, c = 0.0;
#pragma omp parallel
    {
        double ts = 0.0, tc = 0.0;
#pragma omp for schedule(static) nowait
        for (long i = lo; i < hi; ++i) add(ts, tc, x[i]);
#pragma omp critical
        {
            add(s, c, ts);
            c += tc;
        }
    }
    double mine = s + c, total = 0.0;
    MPI_Reduce(&mine, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
