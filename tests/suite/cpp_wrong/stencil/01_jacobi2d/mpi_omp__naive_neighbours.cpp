// wrong: OpenMP threads within each rank, but exchanges halo rows with rank - 1 and rank + 1 even when those ranks own no rows (more ranks than interior rows), so a rank next to an empty one receives the empty rank's stale copy of the row it needs
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <utility>
#include <vector>

void jacobi2d(std::vector<double> &u, size_t n, int iterations) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (n < 3) return;
    const long rows = (long)n - 2, w = (long)n;
    auto first = [&](int r) { return 1 + rows * r / size; };
    const long lo = first(rank), hi = first(rank + 1);
    std::vector<double> nu(u);
    for (int it = 0; it < iterations; ++it) {
#pragma omp parallel for
        for (long i = lo; i < hi; ++i)
            for (long j = 1; j < w - 1; ++j)
                nu[i * w + j] = 0.25 * (u[(i - 1) * w + j] + u[(i + 1) * w + j] + u[i * w + j - 1] + u[i * w + j + 1]);
        const int prev = rank > 0 ? rank - 1 : MPI_PROC_NULL, next = rank + 1 < size ? rank + 1 : MPI_PROC_NULL;
        MPI_Sendrecv(&nu[lo * w], (int)w, MPI_DOUBLE, prev, 0, &nu[hi * w], (int)w, MPI_DOUBLE, next, 0,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Sendrecv(&nu[(hi - 1) * w], (int)w, MPI_DOUBLE, next, 1, &nu[(lo - 1) * w], (int)w, MPI_DOUBLE, prev, 1,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        std::swap(u, nu);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(first(r) * w);
        counts[r] = (int)(first(r + 1) * w) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, u.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(u.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
