// wrong: rank 0 puts each rank's piece at that rank's block offset in x instead of right after the previous piece
#include <cstddef>
#include <mpi.h>
#include <vector>

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
    size_t total = 0;
    for (int r = 0; r < size; ++r) displs[r] = (int)(n * r / size), total += counts[r];
    if (rank == 0) out.assign((size_t)n, 0.0);
    MPI_Gatherv(mine.data(), mine_n, MPI_DOUBLE, out.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0) out.resize(total);
}
