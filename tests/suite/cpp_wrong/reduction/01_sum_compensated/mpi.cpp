// wrong: each rank uses Kahan summation, but the ranks' sums are combined with MPI_SUM and their corrections dropped
#include <mpi.h>
#include <vector>

double accurate_sum(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    double s = 0.0, c = 0.0;
    for (long i = lo; i < hi; ++i) {
        const double y = x[i] - c;
        const double t = s + y;
        c = (t - s) - y;
        s = t;
    }
    double total = 0.0;
    MPI_Reduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
