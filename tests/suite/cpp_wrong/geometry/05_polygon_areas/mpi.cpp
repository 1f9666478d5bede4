// Wrong: each rank sums the edges of a vertex range but takes the closing edge of a polygon cut by a range boundary as ending at the range's first vertex.
#include <mpi.h>
#include <algorithm>
#include <vector>

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
    long p = (long)(std::upper_bound(offsets.begin(), offsets.end(), vlo) - offsets.begin()) - 1;
    for (long k = vlo; k < vhi; ++k) {
        while (offsets[p + 1] <= k) ++p;
        const long lo = std::max(offsets[p], vlo), hi = offsets[p + 1];
        if (offsets[p + 1] - offsets[p] < 3) continue;
        const long nx = k + 1 < hi ? k + 1 : lo;
        mine[p] += (long)x[k] * y[nx] - (long)x[nx] * y[k];
    }
    std::vector<long> total((size_t)P);
    MPI_Reduce(mine.data(), total.data(), (int)P, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) std::copy(total.begin(), total.end(), area2.begin());
}
