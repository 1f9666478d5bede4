// wrong: each thread counts its share of the rank's block in a private counter, but the counters are added to the rank's count under `omp single` instead of `omp critical` (or atomic), so only one thread's count is kept and the others are dropped
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    unsigned long long count = 0, total = 0;
#pragma omp parallel
    {
        unsigned long long local = 0;
#pragma omp for schedule(static) nowait
        for (long i = b; i < e; ++i) {
            const int v = x[i];
            if ((v & 1) && v >= lo && v <= hi) ++local;
        }
#pragma omp single
        count += local;
    }
    MPI_Reduce(&count, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    return (size_t)total;
}
