#include <algorithm>
#include <mpi.h>
#include <omp.h>
#include <vector>

namespace {
struct Pair {
    int key;
    double value;
};
bool by_key(const Pair &a, const Pair &b) { return a.key < b.key; }

// Stable sort of v with the rank's threads: one run per thread, then pairwise stable merges.
void sort_threads(std::vector<Pair> &v) {
    const long n = (long)v.size();
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 4096)));
    std::vector<long> bound(parts + 1);
    for (int p = 0; p <= parts; ++p) bound[p] = n * p / parts;
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) std::stable_sort(v.begin() + bound[p], v.begin() + bound[p + 1], by_key);
    std::vector<Pair> buf((size_t)n);
    Pair *src = v.data(), *dst = buf.data();
    for (int width = 1; width < parts; width *= 2) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int p = 0; p < parts; p += 2 * width) {
            const long lo = bound[p], mid = bound[std::min(p + width, parts)], hi = bound[std::min(p + 2 * width, parts)];
            std::merge(src + lo, src + mid, src + mid, src + hi, dst + lo, by_key);
        }
        std::swap(src, dst);
    }
    if (src != v.data()) std::copy(src, src + n, v.data());
}
}  // namespace

// Each rank stable-sorts its block with its threads; runs are merged up a binary tree
// towards rank 0, own run first, so equal keys keep their input order.
void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)keys.size();
    auto start = [&](int r) { return n * r / size; };
    std::vector<Pair> run, other, merged;
    for (long i = start(rank); i < start(rank + 1); ++i) run.push_back({keys[i], values[i]});
    sort_threads(run);
    for (int step = 1; step < size; step *= 2) {
        if (rank % (2 * step) == step) {
            MPI_Send(run.data(), (int)(run.size() * sizeof(Pair)), MPI_BYTE, rank - step, 0, MPI_COMM_WORLD);
            break;
        }
        if (rank % (2 * step) == 0 && rank + step < size) {
            other.resize((size_t)(start(std::min(rank + 2 * step, size)) - start(rank + step)));
            MPI_Recv(other.data(), (int)(other.size() * sizeof(Pair)), MPI_BYTE, rank + step, 0, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            merged.resize(run.size() + other.size());
            std::merge(run.begin(), run.end(), other.begin(), other.end(), merged.begin(), by_key);
            run.swap(merged);
        }
    }
    if (rank == 0)
        for (long i = 0; i < n; ++i) keys[i] = run[i].key, values[i] = run[i].value;
}
