// wrong: combines the ranks' winners with MPI_MINLOC on (distance, index), so on equal distance the smaller index wins, not the smaller value
#include <cmath>
#include <mpi.h>
#include <vector>

long closest_index(const std::vector<double> &x, double target) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    if (n == 0) return -1;
    long mine = -1;
    for (long i = lo; i < hi; ++i) {
        const double d = std::fabs(x[i] - target);
        if (mine < 0) { mine = i; continue; }
        const double md = std::fabs(x[mine] - target);
        if (d < md || (d == md && x[i] < x[mine])) mine = i;
    }
    struct { double d; int i; } in{mine < 0 ? INFINITY : std::fabs(x[mine] - target), (int)mine}, out;
    MPI_Reduce(&in, &out, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    return rank == 0 ? out.i : -1;
}
