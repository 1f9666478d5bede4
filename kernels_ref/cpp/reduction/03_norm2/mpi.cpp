#include <cmath>
#include <mpi.h>
#include <vector>

// 2^-e for the largest magnitude m = f * 2^e (0.5 <= f < 1): scaled by it every element is at
// most 1 in magnitude, so the sum of squares cannot overflow, and since scaling by a power of
// two is exact, only elements negligible next to m (below m * 2^-511) can underflow.
static double scale_for(double m) {
    int e;
    std::frexp(m, &e);
    return std::ldexp(1.0, -e);
}

// Each rank takes a block: the global largest magnitude (MPI_Allreduce with MPI_MAX) fixes
// the scale, then rank 0 sums the ranks' sums of scaled squares (MPI_Reduce).
double norm2(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    double m = 0.0;
    for (long i = b; i < e; ++i) m = std::fmax(m, std::fabs(x[i]));
    MPI_Allreduce(MPI_IN_PLACE, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    if (m == 0.0) return 0.0;
    const double s = scale_for(m);
    double sum = 0.0, total = 0.0;
    for (long i = b; i < e; ++i) {
        const double y = x[i] * s;
        sum += y * y;
    }
    MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return std::sqrt(total) / s;
}
