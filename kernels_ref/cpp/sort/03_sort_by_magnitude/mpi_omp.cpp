#include <algorithm>
#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Smaller magnitude first; on equal magnitude the negative value first.
static bool before(double a, double b) {
    const double fa = std::fabs(a), fb = std::fabs(b);
    return fa < fb || (fa == fb && a < b);
}

// Sort `v` with the rank's threads: one run per thread, then pairwise merges.
static void sort_threads(std::vector<double> &v) {
    const long n = (long)v.size();
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 4096)));
    std::vector<long> bound(parts + 1);
    for (int p = 0; p <= parts; ++p) bound[p] = n * p / parts;
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) std::sort(v.begin() + bound[p], v.begin() + bound[p + 1], before);
    std::vector<double> buf((size_t)n);
    double *src = v.data(), *dst = buf.data();
    for (int width = 1; width < parts; width *= 2) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int p = 0; p < parts; p += 2 * width) {
            const long lo = bound[p], mid = bound[std::min(p + width, parts)], hi = bound[std::min(p + 2 * width, parts)];
            std::merge(src + lo, src + mid, src + mid, src + hi, dst + lo, before);
        }
        std::swap(src, dst);
    }
    if (src != v.data()) std::copy(src, src + n, v.data());
}

// Each rank sorts its block with its threads; the sorted runs are merged up a binary tree
// towards rank 0.
void sort_by_magnitude(std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    auto start = [&](int r) { return n * r / size; };
    std::vector<double> run(x.begin() + start(rank), x.begin() + start(rank + 1)), other, merged;
    sort_threads(run);
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
