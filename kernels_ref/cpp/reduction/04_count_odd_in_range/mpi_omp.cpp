#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank counts a block; rank 0 sums the counts (as 64-bit integers).
size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    unsigned long long count = 0, total = 0;
#pragma omp parallel for reduction(+ : count)
    for (long i = b; i < e; ++i) {
        const int v = x[i];
        count += (unsigned long long)((v & 1) & (v >= lo) & (v <= hi));
    }
    MPI_Reduce(&count, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    return (size_t)total;
}
