// wrong: exchanges halo points with rank - 1 and rank + 1 even when those ranks own no points (more ranks than interior points), so a rank next to an empty one receives the empty rank's stale copy of the point it needs
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
    const long inner = n - 2;
    auto first = [&](int r) { return 1 + inner * r / size; };
    const long lo = first(rank), hi = first(rank + 1);
    const int prev = rank > 0 ? rank - 1 : MPI_PROC_NULL, next = rank + 1 < size ? rank + 1 : MPI_PROC_NULL;
    std::vector<double> nu(u);
    for (int s = 0; s < steps; ++s) {
        {
            for (long i = lo; i < hi; ++i) nu[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
            MPI_Sendrecv(&nu[lo], 1, MPI_DOUBLE, prev, 0, &nu[hi], 1, MPI_DOUBLE, next, 0, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            MPI_Sendrecv(&nu[hi - 1], 1, MPI_DOUBLE, next, 1, &nu[lo - 1], 1, MPI_DOUBLE, prev, 1, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
        }
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
