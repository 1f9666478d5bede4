// wrong: the carry into a rank's block is the plain sum (MPI_Exscan with MPI_SUM) of the final running sums of all earlier ranks, ignoring that a segment start in an earlier rank's block cuts off what came before it
#include <cstdint>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank scans its block, restarting at segment starts; an exclusive scan of the ranks'
// final running sums gives the carry into each block, which is added to the elements before
// its first start. Rank 0 gathers the blocks.
struct Carry {
    double sum;
    double start;
};

void segmented_sum(const std::vector<double> &x, const std::vector<uint8_t> &head, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    Carry mine{0.0, 0.0}, before{0.0, 0.0};
    long first = e;  // the block's first segment start
    for (long i = b; i < e; ++i)
        if (head[i]) {
            first = i;
            break;
        }
    mine.start = first < e ? 1.0 : 0.0;
    // the block's scan by the threads, as in the OpenMP version: each thread scans a part,
    // then adds the carry from the parts before it up to their last segment start
    std::vector<double> last(omp_get_max_threads(), 0.0);
    std::vector<char> starts(last.size(), 0);
    int used = 1;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long tb = b + (e - b) * t / nt, te = b + (e - b) * (t + 1) / nt;
        double ts = 0.0;
        bool any = false;
        for (long i = tb; i < te; ++i) {
            if (head[i]) ts = 0.0, any = true;
            y[i] = ts += x[i];
        }
        last[t] = ts, starts[t] = any;
        if (t == 0) used = nt;
#pragma omp barrier
        double carry = 0.0;
        for (int u = t - 1; u >= 0; --u) {
            carry += last[u];
            if (starts[u]) break;
        }
        for (long i = tb; i < te && !head[i]; ++i) y[i] += carry;
    }
    double s = 0.0;  // the block's final running sum: the parts' sums back to the last start
    for (int u = used - 1; u >= 0; --u) {
        s += last[u];
        if (starts[u]) break;
    }
    mine.sum = s;
    MPI_Exscan(&mine.sum, &before.sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    if (rank > 0) {
#pragma omp parallel for schedule(static)
        for (long i = b; i < first; ++i) y[i] += before.sum;
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(y.data() + b, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
