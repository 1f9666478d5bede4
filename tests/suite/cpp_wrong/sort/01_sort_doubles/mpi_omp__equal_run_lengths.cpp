// wrong: in the merge tree a rank receives its partner's sorted run into a buffer the size of its own run, assuming all blocks are equally long; when n is not a multiple of the number of ranks the lengths differ and the receive is truncated or padded
#include <algorithm>
#include <mpi.h>
#include <omp.h>
#include <vector>

static void sort_threads(std::vector<double> &v) {
    const long n = (long)v.size();
    const int parts = std::max(1, omp_get_max_threads());
    std::vector<long> bound(parts + 1);
    for (int p = 0; p <= parts; ++p) bound[p] = n * p / parts;
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) std::sort(v.begin() + bound[p], v.begin() + bound[p + 1]);
    for (int p = 1; p < parts; ++p) std::inplace_merge(v.begin(), v.begin() + bound[p], v.begin() + bound[p + 1]);
}

void sort_doubles(std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    auto start = [&](int r) { return n * r / size; };
    std::vector<double> run(x.begin() + start(rank), x.begin() + start(rank + 1)), other, merged;
    sort_threads(run);
    const size_t block = run.size();
    for (int step = 1; step < size; step *= 2) {
        if (rank % (2 * step) == step) {
            MPI_Send(run.data(), (int)run.size(), MPI_DOUBLE, rank - step, 0, MPI_COMM_WORLD);
            break;
        }
        if (rank % (2 * step) == 0 && rank + step < size) {
            other.resize(block * step);  // the partner holds `step` blocks of our length
            MPI_Recv(other.data(), (int)other.size(), MPI_DOUBLE, rank + step, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            merged.resize(run.size() + other.size());
            std::merge(run.begin(), run.end(), other.begin(), other.end(), merged.begin());
            run.swap(merged);
        }
    }
    if (rank == 0) std::copy(run.begin(), run.begin() + std::min<long>(n, (long)run.size()), x.begin());
}
