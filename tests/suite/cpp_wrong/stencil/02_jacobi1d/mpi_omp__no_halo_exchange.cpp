// wrong: relies on every rank's complete copy of u for the points next to its block and never exchanges them between sweeps, so from the second sweep on the points at each block boundary read a neighbour's value that is several sweeps old
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <utility>
#include <vector>

void jacobi1d(std::vector<double> &u, int steps) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)u.size();
    if (n < 3) return;
    const long inner = n - 2;
    auto first = [&](int r) { return 1 + inner * r / size; };
    const long lo = first(rank), hi = first(rank + 1);
    std::vector<double> nu(u);
    for (int s = 0; s < steps; ++s) {
#pragma omp parallel for schedule(static)
        for (long i = lo; i < hi; ++i) nu[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
        std::swap(u, nu);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)first(r);
        counts[r] = (int)(first(r + 1) - first(r));
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, u.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(u.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
