// Each rank reports the index of its first occurrence relative to its own block (the block offset is never added).
#include <mpi.h>
#include <vector>

long find_first(const std::vector<int> &x, int target) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    long mine = n, best = n;
    for (long i = lo; i < hi; ++i)
        if (x[i] == target) {
            mine = i - lo;
            break;
        }
    MPI_Reduce(&mine, &best, 1, MPI_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return best == n ? -1 : best;
}
