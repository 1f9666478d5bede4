// Wrong: a polygon cut by the boundary between two threads' vertex ranges is stored by both threads (=) instead of added, so one part is lost.
#include <mpi.h>
#include <omp.h>
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
    const long rlo = V * rank / size, rhi = V * (rank + 1) / size;
    std::vector<long> mine((size_t)P, 0);
#pragma omp parallel
    {
        const long T = omp_get_num_threads(), t = omp_get_thread_num();
        const long vlo = rlo + (rhi - rlo) * t / T, vhi = rlo + (rhi - rlo) * (t + 1) / T;
        if (vlo < vhi) {
            long p = (long)(std::upper_bound(offsets.begin(), offsets.end(), vlo) - offsets.begin()) - 1;
            long s = 0;
            auto flush = [&](long q) {
                mine[q] = s;
                s = 0;
            };
            for (long k = vlo; k < vhi; ++k) {
                if (offsets[p + 1] <= k) {
                    flush(p);
                    while (offsets[p + 1] <= k) ++p;
                }
                const long lo = offsets[p], hi = offsets[p + 1];
                if (hi - lo < 3) continue;
                const long nx = k + 1 < hi ? k + 1 : lo;
                s += (long)x[k] * y[nx] - (long)x[nx] * y[k];
            }
            flush(p);
        }
    }
    MPI_Reduce(rank == 0 ? MPI_IN_PLACE : mine.data(), rank == 0 ? mine.data() : nullptr, (int)P, MPI_LONG, MPI_SUM,
               0, MPI_COMM_WORLD);
    if (rank == 0) std::copy(mine.begin(), mine.end(), area2.begin());
}
