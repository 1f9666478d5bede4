// wrong: each thread starts its part of the rank's block from the rank's offset (from MPI_Exscan) but never adds the sums of the earlier threads' parts, so every part after a rank's first restarts too low
#include <cstdint>
#include <mpi.h>
#include <omp.h>
#include <vector>

void exclusive_sum_inplace(std::vector<int64_t> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    int64_t s = 0, off = 0;
#pragma omp parallel for reduction(+ : s)
    for (long i = b; i < e; ++i) s += x[i];
    MPI_Exscan(&s, &off, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) off = 0;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long tb = b + (e - b) * t / nt, te = b + (e - b) * (t + 1) / nt;
        int64_t run = off;
        for (long i = tb; i < te; ++i) {
            const int64_t v = x[i];
            x[i] = run;
            run += v;
        }
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
