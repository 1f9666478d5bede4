// Each rank selects position k/size of its own block and rank 0 averages them: the k-th of x is not a mean of local order statistics.
#include <algorithm>
#include <mpi.h>
#include <vector>

double kth_smallest(const std::vector<double> &x, size_t k) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    std::vector<double> v(x.begin() + lo, x.begin() + hi);
    double mine = 0.0, sum = 0.0;
    int have = 0, count = 0;
    if (!v.empty()) {
        const long at = std::min((long)v.size() - 1, (long)k / size);
        std::nth_element(v.begin(), v.begin() + at, v.end());
        mine = v[at];
        have = 1;
    }
    MPI_Reduce(&mine, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(&have, &count, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    return count ? sum / count : 0.0;
}
