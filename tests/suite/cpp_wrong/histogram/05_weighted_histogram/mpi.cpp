// Clamps out-of-range keys into the first and last bins instead of ignoring them.
#include <mpi.h>
#include <vector>

void weighted_histogram(const std::vector<int> &keys, const std::vector<double> &weights, int bins,
                        std::vector<double> &sums) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)keys.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    std::vector<double> mine((size_t)bins, 0.0);
    for (long i = lo; i < hi; ++i) {
        const int k = keys[i] < 0 ? 0 : keys[i] >= bins ? bins - 1 : keys[i];
        mine[k] += weights[i];
    }
    MPI_Reduce(mine.data(), sums.data(), bins, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
}
