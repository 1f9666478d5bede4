#include <algorithm>
#include <mpi.h>
#include <omp.h>
#include <vector>

// The (up to) k smallest values of x[lo, hi), ascending, found by the rank's threads.
static std::vector<double> local_smallest(const std::vector<double> &x, long lo, long hi, size_t k) {
    const size_t want = std::min((size_t)(hi - lo), k);
    std::vector<double> out(want);
    if (want == 0) return out;
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)((hi - lo) / 65536)));
    std::vector<std::vector<double>> best(parts);
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) {
        const long a = lo + (hi - lo) * p / parts, b = lo + (hi - lo) * (p + 1) / parts;
        best[p].resize(std::min((size_t)(b - a), k));
        std::partial_sort_copy(x.begin() + a, x.begin() + b, best[p].begin(), best[p].end());
    }
    std::vector<double> all;
    for (auto &b : best) all.insert(all.end(), b.begin(), b.end());
    std::partial_sort_copy(all.begin(), all.end(), out.begin(), out.end());
    return out;
}

// Every rank finds the (up to) k smallest values of its block with its threads; rank 0
// gathers those candidates and picks the k smallest among them.
void smallest_k(const std::vector<double> &x, size_t k, std::vector<double> &out) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0, at = 0; r < size; ++r) {
        counts[r] = (int)std::min((long)k, n * (r + 1) / size - n * r / size);
        displs[r] = at;
        at += counts[r];
    }
    std::vector<double> mine = local_smallest(x, n * rank / size, n * (rank + 1) / size, k);
    std::vector<double> all(rank == 0 ? (size_t)(displs[size - 1] + counts[size - 1]) : 0);
    MPI_Gatherv(mine.data(), counts[rank], MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0) std::partial_sort_copy(all.begin(), all.end(), out.begin(), out.begin() + k);
}
