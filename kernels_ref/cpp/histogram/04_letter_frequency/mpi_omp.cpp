#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank counts its block of text with per-thread counts; the ranks' counts are summed on
// rank 0.
void letter_frequency(const std::vector<unsigned char> &text, std::vector<long> &counts) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)text.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    const unsigned char *t = text.data();
    long mine[26] = {0};
#pragma omp parallel for reduction(+ : mine[:26]) schedule(static)
    for (long i = lo; i < hi; ++i) {
        const unsigned k = (unsigned)(t[i] | 0x20) - 'a';
        if (k < 26) ++mine[k];
    }
    MPI_Reduce(mine, counts.data(), 26, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
