// wrong: exchanges halo planes with rank - 1 and rank + 1 even when those ranks own no planes (more ranks than interior planes), so a rank next to an empty one receives the empty rank's stale copy of the plane it needs
#include <cstddef>
#include <mpi.h>
#include <utility>
#include <vector>

void heat3d(std::vector<double> &u, size_t n, double alpha, int steps) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (n < 3) return;
    const long N = (long)n, planes = N - 2, P = N * N;
    auto first = [&](int r) { return 1 + planes * r / size; };
    const long lo = first(rank), hi = first(rank + 1);
    const int prev = rank > 0 ? rank - 1 : MPI_PROC_NULL, next = rank + 1 < size ? rank + 1 : MPI_PROC_NULL;
    std::vector<double> v(u);
    for (int s = 0; s < steps; ++s) {
        for (long i = lo; i < hi; ++i)
            for (long j = 1; j < N - 1; ++j)
                for (long k = 1; k < N - 1; ++k) {
                    const long c = i * P + j * N + k;
                    v[c] = u[c] + alpha * (u[c - P] + u[c + P] + u[c - N] + u[c + N] + u[c - 1] + u[c + 1] - 6 * u[c]);
                }
        MPI_Sendrecv(&v[lo * P], (int)P, MPI_DOUBLE, prev, 0, &v[hi * P], (int)P, MPI_DOUBLE, next, 0, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        MPI_Sendrecv(&v[(hi - 1) * P], (int)P, MPI_DOUBLE, next, 1, &v[(lo - 1) * P], (int)P, MPI_DOUBLE, prev, 1,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        std::swap(u, v);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(first(r) * P);
        counts[r] = (int)(first(r + 1) * P) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, u.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(u.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
