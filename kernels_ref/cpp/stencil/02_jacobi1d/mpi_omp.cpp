#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <utility>
#include <vector>

// The interior points are split in blocks over the ranks. After each sweep a rank sends its
// first and last points to the neighbouring ranks that own points; at the end rank 0 gathers
// the blocks.
void jacobi1d(std::vector<double> &u, int steps) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)u.size();
    if (n < 3) return;
    const long inner = n - 2;
    auto first = [&](int r) { return 1 + inner * r / size; };
    const long lo = first(rank), hi = first(rank + 1);
    int prev = rank - 1, next = rank + 1;
    while (prev >= 0 && first(prev) == first(prev + 1)) --prev;  // skip ranks without points
    while (next < size && first(next) == first(next + 1)) ++next;
    if (prev < 0) prev = MPI_PROC_NULL;
    if (next >= size) next = MPI_PROC_NULL;
    std::vector<double> nu(u);
    for (int s = 0; s < steps; ++s) {
        if (lo < hi) {
#pragma omp parallel for schedule(static)
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
