#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// The serial algorithm over the edges u-v with u < v (each triangle u < v < w found once, by merging
// the parts of the rows of u and v above v). The vertices u are dealt out to the ranks in turn, and
// each rank shares its own among its threads; every thread counts into an array of its own, the
// threads' arrays are summed on each rank, and the ranks' sums on rank 0.
void triangle_count(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int *c = col_idx.data();
    const long mine_n = n > (size_t)rank ? ((long)n - rank + size - 1) / size : 0;  // u = rank + i * size
    std::vector<std::vector<long long>> parts(omp_get_max_threads());
    std::vector<long long> local(n, 0);
#pragma omp parallel
    {
        std::vector<long long> &part = parts[omp_get_thread_num()];
        part.assign(n, 0);
#pragma omp for schedule(dynamic, 256)
        for (long i = 0; i < mine_n; ++i) {
            const long u = rank + i * size;
            const int *ub = c + row_ptr[u], *ue = c + row_ptr[u + 1];
            for (const int *pv = std::upper_bound(ub, ue, (int)u); pv < ue; ++pv) {
                const int v = *pv;
                const int *a = pv + 1, *be = c + row_ptr[v + 1];
                const int *b = std::upper_bound(c + row_ptr[v], be, v);
                while (a < ue && b < be) {
                    if (*a < *b) ++a;
                    else if (*b < *a) ++b;
                    else ++part[u], ++part[v], ++part[*a], ++a, ++b;
                }
            }
        }
#pragma omp for schedule(static)
        for (long v = 0; v < (long)n; ++v)
            for (const auto &p : parts)
                if (!p.empty()) local[v] += p[v];
    }
    MPI_Reduce(local.data(), rank == 0 ? count.data() : nullptr, (int)n, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
