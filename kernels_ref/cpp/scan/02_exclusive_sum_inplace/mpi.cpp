#include <cstdint>
#include <mpi.h>
#include <vector>

// Each rank sums its block; MPI_Exscan gives it the total of the blocks before it, from
// which it scans its block in place; rank 0 gathers the blocks.
void exclusive_sum_inplace(std::vector<int64_t> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    int64_t s = 0;
    for (long i = b; i < e; ++i) s += x[i];
    int64_t off = 0;
    MPI_Exscan(&s, &off, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    // a copy whose address is never taken: `off`, given to MPI, would be reloaded after every store
    int64_t run = rank == 0 ? 0 : off;  // MPI_Exscan leaves rank 0's result undefined
    for (long i = b; i < e; ++i) {
        const int64_t v = x[i];
        x[i] = run;
        run += v;
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_INT64_T, x.data(), counts.data(), displs.data(), MPI_INT64_T, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(x.data() + b, counts[rank], MPI_INT64_T, nullptr, nullptr, nullptr, MPI_INT64_T, 0,
                    MPI_COMM_WORLD);
}
