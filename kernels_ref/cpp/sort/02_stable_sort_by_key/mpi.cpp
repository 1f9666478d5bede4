#include <algorithm>
#include <mpi.h>
#include <vector>

namespace {
struct Pair {
    int key;
    double value;
};
bool by_key(const Pair &a, const Pair &b) { return a.key < b.key; }
}  // namespace

// Each rank stable-sorts its block; runs are merged up a binary tree towards rank 0. A rank
// always merges its own run (earlier input positions) first, so equal keys keep their order.
void stable_sort_by_key(std::vector<int> &keys, std::vector<double> &values) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)keys.size();
    auto start = [&](int r) { return n * r / size; };
    std::vector<Pair> run, other, merged;
    for (long i = start(rank); i < start(rank + 1); ++i) run.push_back({keys[i], values[i]});
    std::stable_sort(run.begin(), run.end(), by_key);
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
