#include <algorithm>
#include <cmath>
#include <mpi.h>
#include <vector>

// Smaller magnitude first; on equal magnitude the negative value first.
static bool before(double a, double b) {
    const double fa = std::fabs(a), fb = std::fabs(b);
    return fa < fb || (fa == fb && a < b);
}

// Each rank sorts its block; sorted runs are then merged up a binary tree towards rank 0:
// in round `step`, rank r (a multiple of 2*step) receives the run of ranks r+step.. and merges.
void sort_by_magnitude(std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    auto start = [&](int r) { return n * r / size; };
    std::vector<double> run(x.begin() + start(rank), x.begin() + start(rank + 1)), other, merged;
    std::sort(run.begin(), run.end(), before);
    for (int step = 1; step < size; step *= 2) {
        if (rank % (2 * step) == step) {
            MPI_Send(run.data(), (int)run.size(), MPI_DOUBLE, rank - step, 0, MPI_COMM_WORLD);
            break;
        }
        if (rank % (2 * step) == 0 && rank + step < size) {
            other.resize((size_t)(start(std::min(rank + 2 * step, size)) - start(rank + step)));
            MPI_Recv(other.data(), (int)other.size(), MPI_DOUBLE, rank + step, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            merged.resize(run.size() + other.size());
            std::merge(run.begin(), run.end(), other.begin(), other.end(), merged.begin(), before);
            run.swap(merged);
        }
    }
    if (rank == 0) std::copy(run.begin(), run.end(), x.begin());
}
