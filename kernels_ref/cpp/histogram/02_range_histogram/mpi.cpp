#include <cmath>
#include <mpi.h>
#include <vector>

// Each rank bins its block of x; the histograms are summed on rank 0.
void range_histogram(const std::vector<double> &x, double lo, double hi, int bins, std::vector<long> &counts) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const double w = (hi - lo) / bins;
    const long n = (long)x.size(), first = n * rank / size, last = n * (rank + 1) / size;
    std::vector<long> mine((size_t)bins, 0);
    for (long i = first; i < last; ++i) {
        const double v = x[i];
        if (v >= lo && v < hi) ++mine[(long)std::floor((v - lo) / w)];
    }
    MPI_Reduce(mine.data(), counts.data(), bins, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
