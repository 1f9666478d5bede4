#include <algorithm>
#include <cmath>
#include <limits>
#include <mpi.h>
#include <vector>

// Sample-based selection: every rank takes the same sorted stride sample of x, which
// brackets the k-th value between splitters lo <= hi. Each rank counts the values of its
// block below lo and collects those in [lo, hi]; the counts are summed with MPI_Allreduce and
// rank 0 gathers the candidates and runs nth_element on them. If the bracket misses, every
// rank widens it to the whole side that holds position k and the pass is repeated.
double kth_smallest(const std::vector<double> &x, size_t k) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), first = n * rank / size, last = n * (rank + 1) / size;
    const long s = std::min(n, 4096L);
    std::vector<double> sample((size_t)s);
    for (long i = 0; i < s; ++i) sample[i] = x[(size_t)(n * i / s)];
    std::sort(sample.begin(), sample.end());
    const long t = (long)((double)k / (double)n * (double)s), margin = 3 * (long)std::sqrt((double)s) + 4;
    double lo = sample[std::max(0L, t - margin)], hi = sample[std::min(s - 1, t + margin)];
    if (t - margin <= 0) lo = -std::numeric_limits<double>::infinity();
    if (t + margin >= s - 1) hi = std::numeric_limits<double>::infinity();
    for (;;) {
        long local[2] = {0, 0}, total[2];
        std::vector<double> mine;
        for (long i = first; i < last; ++i) {
            const double v = x[i];
            if (v < lo) ++local[0];
            else if (v <= hi) mine.push_back(v);
        }
        local[1] = (long)mine.size();
        MPI_Allreduce(local, total, 2, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
        if ((long)k < total[0]) {
            hi = lo, lo = -std::numeric_limits<double>::infinity();
            continue;
        }
        if ((long)k >= total[0] + total[1]) {
            lo = hi, hi = std::numeric_limits<double>::infinity();
            continue;
        }
        int count = (int)mine.size();
        std::vector<int> counts(size), displs(size);
        MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
        std::vector<double> in;
        if (rank == 0) {
            for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
            in.resize((size_t)total[1]);
        }
        MPI_Gatherv(mine.data(), count, MPI_DOUBLE, in.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
        if (rank != 0) return 0.0;
        std::nth_element(in.begin(), in.begin() + ((long)k - total[0]), in.end());
        return in[(long)k - total[0]];
    }
}
