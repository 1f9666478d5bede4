#include <mpi.h>
#include <omp.h>
#include <vector>

// Every rank scans its block with its threads (chunks in ascending order, skipping those past
// an occurrence found already); the smallest index over the ranks wins.
long find_first(const std::vector<int> &x, int target) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size, chunk = 1 << 15;
    const long chunks = (hi - lo + chunk - 1) / chunk;
    long mine = n, best = n;
#pragma omp parallel for schedule(dynamic, 1)
    for (long c = 0; c < chunks; ++c) {
        long seen;
#pragma omp atomic read
        seen = mine;
        const long a = lo + c * chunk, b = a + chunk < hi ? a + chunk : hi;
        if (a >= seen) continue;
        for (long i = a; i < b; ++i) {
            if (x[i] == target) {
#pragma omp critical(find_first_mine)
                if (i < mine) {  // the write atomic too: other threads read mine outside the critical section
#pragma omp atomic write
                    mine = i;
                }
                break;
            }
        }
    }
    MPI_Reduce(&mine, &best, 1, MPI_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return best == n ? -1 : best;
}
