#include <mpi.h>
#include <algorithm>
#include <vector>

// Vertices, not polygons, are split evenly among the ranks: each rank sums the edges that start
// in its vertex range, per polygon (a polygon's closing edge belongs to its last vertex), and
// the per-polygon sums are added up on rank 0.
void polygon_areas(const std::vector<int> &x, const std::vector<int> &y, const std::vector<long> &offsets,
                   std::vector<long> &area2) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long P = (long)offsets.size() - 1;
    if (P <= 0) return;
    const long V = offsets[P];
    const long vlo = V * rank / size, vhi = V * (rank + 1) / size;
    std::vector<long> mine((size_t)P, 0);
    // the polygon holding vertex vlo: the last p with offsets[p] <= vlo (and a vertex there)
    long p = (long)(std::upper_bound(offsets.begin(), offsets.end(), vlo) - offsets.begin()) - 1;
    for (long k = vlo; k < vhi; ++k) {
        while (offsets[p + 1] <= k) ++p;
        const long lo = offsets[p], hi = offsets[p + 1];
        if (hi - lo < 3) continue;
        const long nx = k + 1 < hi ? k + 1 : lo;
        mine[p] += (long)x[k] * y[nx] - (long)x[nx] * y[k];
    }
    MPI_Reduce(rank == 0 ? MPI_IN_PLACE : mine.data(), rank == 0 ? mine.data() : nullptr, (int)P, MPI_LONG, MPI_SUM,
               0, MPI_COMM_WORLD);
    if (rank == 0) std::copy(mine.begin(), mine.end(), area2.begin());
}
