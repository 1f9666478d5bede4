// Each rank counts its block but rank 0 keeps only its own counts: MPI_Reduce writes to a scratch vector that is never copied back.
#include <mpi.h>
#include <vector>

void int_histogram(const std::vector<int> &x, int bins, std::vector<long> &counts) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    for (int b = 0; b < bins; ++b) counts[b] = 0;
    for (long i = lo; i < hi; ++i) ++counts[x[i]];
    std::vector<long> total((size_t)bins);
    MPI_Reduce(counts.data(), total.data(), bins, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
