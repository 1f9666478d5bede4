#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <vector>

// The serial algorithm over the edges u-v with u < v (each triangle u < v < w found once, by merging
// the parts of the rows of u and v above v), with the vertices u dealt out to the ranks in turn (low
// and high numbers alike, for balance). Each rank counts into an array of its own; rank 0 gets the sum.
void triangle_count(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int *c = col_idx.data();
    std::vector<long long> local(n, 0);
    for (long u = rank; u < (long)n; u += size) {
        const int *ub = c + row_ptr[u], *ue = c + row_ptr[u + 1];
        for (const int *pv = std::upper_bound(ub, ue, (int)u); pv < ue; ++pv) {
            const int v = *pv;
            const int *a = pv + 1, *be = c + row_ptr[v + 1];
            const int *b = std::upper_bound(c + row_ptr[v], be, v);
            while (a < ue && b < be) {
                if (*a < *b) ++a;
                else if (*b < *a) ++b;
                else ++local[u], ++local[v], ++local[*a], ++a, ++b;
            }
        }
    }
    MPI_Reduce(local.data(), rank == 0 ? count.data() : nullptr, (int)n, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
