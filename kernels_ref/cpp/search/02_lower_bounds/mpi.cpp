#include <algorithm>
#include <mpi.h>
#include <vector>

// Each rank answers a contiguous block of the queries; rank 0 gathers the answers.
void lower_bounds(const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long m = (long)queries.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(m * r / size);
        counts[r] = (int)(m * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
    for (long j = lo; j < hi; ++j) pos[j] = std::lower_bound(sorted.begin(), sorted.end(), queries[j]) - sorted.begin();
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_LONG, pos.data(), counts.data(), displs.data(), MPI_LONG, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(pos.data() + lo, counts[rank], MPI_LONG, nullptr, nullptr, nullptr, MPI_LONG, 0, MPI_COMM_WORLD);
}
