#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

namespace {
struct Best {
    long index;
    double dist, value;
};
bool beats(const Best &a, const Best &b) {
    if (a.index < 0) return false;
    if (b.index < 0) return true;
    if (a.dist != b.dist) return a.dist < b.dist;
    if (a.value != b.value) return a.value < b.value;
    return a.index < b.index;
}
}  // namespace

// Every rank's threads find the best index of its block; rank 0 gathers the per-rank bests
// and keeps the best by the tie rules.
long closest_index(const std::vector<double> &x, double target) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    Best best{-1, 0, 0};
#pragma omp parallel
    {
        Best mine{-1, 0, 0};
#pragma omp for schedule(static) nowait
        for (long i = lo; i < hi; ++i) {
            const double d = std::fabs(x[i] - target);
            if (mine.index < 0 || d < mine.dist || (d == mine.dist && x[i] < mine.value)) mine = {i, d, x[i]};
        }
#pragma omp critical(closest_best)
        if (beats(mine, best)) best = mine;
    }
    double packed[3] = {(double)best.index, best.dist, best.value};
    std::vector<double> all(rank == 0 ? 3 * (size_t)size : 0);
    MPI_Gather(packed, 3, MPI_DOUBLE, all.data(), 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank != 0) return -1;
    Best out{-1, 0, 0};
    for (int r = 0; r < size; ++r) {
        const Best c{(long)all[3 * (size_t)r], all[3 * (size_t)r + 1], all[3 * (size_t)r + 2]};
        if (beats(c, out)) out = c;
    }
    return out.index;
}
