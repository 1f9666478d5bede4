// wrong: each rank scales by its own largest magnitude, but rank 0 adds the ranks' scaled sums as if they shared one scale
#include <cmath>
#include <mpi.h>
#include <vector>

double norm2(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    double m = 0.0;
    for (long i = b; i < e; ++i) m = std::fmax(m, std::fabs(x[i]));
    double sum = 0.0;
    if (m > 0)
        for (long i = b; i < e; ++i) sum += (x[i] / m) * (x[i] / m);
    double total = 0.0, gm = 0.0;
    MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(&m, &gm, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    return gm * std::sqrt(total);
}
