// wrong: each rank's threads apply the tie rules within the rank's block, but the ranks' winners are combined with MPI_MINLOC on (distance, index), which breaks a tie in distance by the smaller index instead of the smaller value, so target + d in an earlier rank's block beats target - d in a later one
#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

struct DistIdx {  // the layout MPI_DOUBLE_INT describes
    double d;
    int i;
};

long closest_index(const std::vector<double> &x, double target) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    if (n == 0) return -1;
    long bi = -1;
    double bd = 0.0, bv = 0.0;
#pragma omp parallel
    {
        long mi = -1;
        double md = 0.0, mv = 0.0;
#pragma omp for schedule(static) nowait
        for (long i = lo; i < hi; ++i) {
            const double d = std::fabs(x[i] - target);
            if (mi < 0 || d < md || (d == md && x[i] < mv)) mi = i, md = d, mv = x[i];
        }
#pragma omp critical
        if (mi >= 0 && (bi < 0 || md < bd || (md == bd && (mv < bv || (mv == bv && mi < bi)))))
            bi = mi, bd = md, bv = mv;
    }
    DistIdx mine{bi < 0 ? INFINITY : bd, bi < 0 ? (int)n : (int)bi}, best{0, 0};
    MPI_Reduce(&mine, &best, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    return best.i;
}
