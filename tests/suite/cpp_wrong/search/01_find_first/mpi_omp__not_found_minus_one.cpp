// wrong: a rank that does not find target in its block reports -1, and the ranks' answers are combined with MPI_MIN, so whenever some rank's block lacks target the result is -1 even though another rank found it
#include <mpi.h>
#include <omp.h>
#include <vector>

long find_first(const std::vector<int> &x, int target) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    long mine = hi;
#pragma omp parallel for reduction(min : mine) schedule(static)
    for (long i = lo; i < hi; ++i)
        if (x[i] == target && i < mine) mine = i;
    if (mine == hi) mine = -1;
    long best = -1;
    MPI_Reduce(&mine, &best, 1, MPI_LONG, MPI_MIN, 0, MPI_COMM_WORLD);
    return best;
}
