#include <algorithm>
#include <mpi.h>
#include <vector>

// Every rank finds the (up to) k smallest values of its block; rank 0 gathers those
// candidates and picks the k smallest among them.
void smallest_k(const std::vector<double> &x, size_t k, std::vector<double> &out) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0, at = 0; r < size; ++r) {
        counts[r] = (int)std::min((long)k, n * (r + 1) / size - n * r / size);
        displs[r] = at;
        at += counts[r];
    }
    const long lo = n * rank / size, hi = n * (rank + 1) / size;
    std::vector<double> mine((size_t)counts[rank]);
    std::partial_sort_copy(x.begin() + lo, x.begin() + hi, mine.begin(), mine.end());
    std::vector<double> all(rank == 0 ? (size_t)(displs[size - 1] + counts[size - 1]) : 0);
    MPI_Gatherv(mine.data(), counts[rank], MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0) std::partial_sort_copy(all.begin(), all.end(), out.begin(), out.begin() + k);
}
