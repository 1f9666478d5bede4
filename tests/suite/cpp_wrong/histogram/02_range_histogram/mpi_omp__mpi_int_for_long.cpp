// wrong: the long counts are reduced to rank 0 as `bins` MPI_INTs, which covers only the first half of the bytes of the array of longs, so the upper half of counts on rank 0 is never written
#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

void range_histogram(const std::vector<double> &x, double lo, double hi, int bins, std::vector<long> &counts) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const double w = (hi - lo) / bins;
    const long n = (long)x.size(), first = n * rank / size, last = n * (rank + 1) / size;
    std::vector<long> mine((size_t)bins, 0);
    long *c = mine.data();
#pragma omp parallel for reduction(+ : c[:bins]) schedule(static)
    for (long i = first; i < last; ++i) {
        const double v = x[i];
        if (v >= lo && v < hi) ++c[(long)std::floor((v - lo) / w)];
    }
    MPI_Reduce(mine.data(), counts.data(), bins, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
}
