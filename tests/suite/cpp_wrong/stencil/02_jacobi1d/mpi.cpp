// wrong: never exchanges the points next to a block's ends, so from the second sweep on each rank reads stale neighbours
#include <cstddef>
#include <mpi.h>
#include <utility>
#include <vector>

void jacobi1d(std::vector<double> &u, int steps) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)u.size();
    if (n < 3) return;
    const long lo = 1 + (n - 2) * rank / size, hi = 1 + (n - 2) * (rank + 1) / size;
    std::vector<double> nu(u);
    for (int s = 0; s < steps; ++s) {
        for (long i = lo; i < hi; ++i) nu[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
        std::swap(u, nu);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(1 + (n - 2) * r / size);
        counts[r] = (int)(1 + (n - 2) * (r + 1) / size) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, u.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(u.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
