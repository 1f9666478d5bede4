// wrong: the ranks' sorted runs are merged by value alone with the partner's run passed first, so where equal values lie in different ranks' blocks std::merge puts the later block's (higher indices) first and their ranks come out swapped
#include <algorithm>
#include <mpi.h>
#include <omp.h>
#include <vector>

namespace {
struct Item {
    double value;
    int index;
};
bool before(const Item &a, const Item &b) { return a.value < b.value || (a.value == b.value && a.index < b.index); }

// Sort v with the rank's threads: one run per thread, then pairwise merges.
void sort_threads(std::vector<Item> &v) {
    const long n = (long)v.size();
    const int parts = std::max(1, std::min(omp_get_max_threads(), (int)(n / 4096)));
    std::vector<long> bound(parts + 1);
    for (int p = 0; p <= parts; ++p) bound[p] = n * p / parts;
#pragma omp parallel for schedule(static, 1)
    for (int p = 0; p < parts; ++p) std::sort(v.begin() + bound[p], v.begin() + bound[p + 1], before);
    std::vector<Item> buf((size_t)n);
    Item *src = v.data(), *dst = buf.data();
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
}  // namespace

// Every rank sorts the (value, index) pairs of its block with its threads; the sorted runs
// are merged up a binary tree towards rank 0, which scatters the positions into rank.
void stable_ranks(const std::vector<double> &x, std::vector<int> &rank) {
    int me, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &me);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    auto start = [&](int r) { return n * r / size; };
    std::vector<Item> run, other, merged;
    for (long i = start(me); i < start(me + 1); ++i) run.push_back({x[i], (int)i});
    sort_threads(run);
    for (int step = 1; step < size; step *= 2) {
        if (me % (2 * step) == step) {
            MPI_Send(run.data(), (int)(run.size() * sizeof(Item)), MPI_BYTE, me - step, 0, MPI_COMM_WORLD);
            break;
        }
        if (me % (2 * step) == 0 && me + step < size) {
            other.resize((size_t)(start(std::min(me + 2 * step, size)) - start(me + step)));
            MPI_Recv(other.data(), (int)(other.size() * sizeof(Item)), MPI_BYTE, me + step, 0, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            merged.resize(run.size() + other.size());
            std::merge(other.begin(), other.end(), run.begin(), run.end(), merged.begin(),
                       [](const Item &a, const Item &b) { return a.value < b.value; });
            run.swap(merged);
        }
    }
    if (me == 0) {
#pragma omp parallel for schedule(static)
        for (long p = 0; p < n; ++p) rank[run[p].index] = (int)p;
    }
}
