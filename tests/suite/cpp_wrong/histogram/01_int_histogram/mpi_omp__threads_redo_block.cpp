// wrong: `omp parallel` without `for`: every thread of a rank counts the rank's whole block into its private copy of the reduction array, so each rank's counts are multiplied by its number of threads
#include <mpi.h>
#include <omp.h>
#include <vector>

void int_histogram(const std::vector<int> &x, int bins, std::vector<long> &counts) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    std::vector<long> mine((size_t)bins, 0);
    long *c = mine.data();
#pragma omp parallel reduction(+ : c[:bins])
    for (long i = lo; i < hi; ++i) ++c[x[i]];
    MPI_Reduce(mine.data(), counts.data(), bins, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
