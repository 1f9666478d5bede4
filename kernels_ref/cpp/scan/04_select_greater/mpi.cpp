#include <cstddef>
#include <mpi.h>
#include <vector>

// Each rank compacts its block; rank 0 gathers the counts, sizes out, and gathers the pieces
// one after the other in rank order.
void select_greater(const std::vector<double> &x, double threshold, std::vector<double> &out) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    std::vector<double> mine;
    for (long i = b; i < e; ++i)
        if (x[i] > threshold) mine.push_back(x[i]);
    const int mine_n = (int)mine.size();
    std::vector<int> counts(size), displs(size);
    MPI_Gather(&mine_n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
    if (rank == 0) out.resize((size_t)displs[size - 1] + counts[size - 1]);
    MPI_Gatherv(mine.data(), mine_n, MPI_DOUBLE, out.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
