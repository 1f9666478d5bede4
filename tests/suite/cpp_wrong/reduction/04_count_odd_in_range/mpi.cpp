// wrong: tests the range as (unsigned)(x - lo) <= (unsigned)(hi - lo), which counts almost everything when lo > hi (hi - lo wraps around)
#include <cstddef>
#include <mpi.h>
#include <vector>

size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    long count = 0, total = 0;
    for (long i = b; i < e; ++i)
        if ((x[i] & 1) && (unsigned)x[i] - (unsigned)lo <= (unsigned)hi - (unsigned)lo) ++count;
    MPI_Reduce(&count, &total, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    return (size_t)total;
}
