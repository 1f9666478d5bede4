// wrong: rank 0's displacements for the gathered pieces add each rank's own count instead of the previous rank's (displs[r] = displs[r - 1] + counts[r]), so unless all ranks keep equally many elements the pieces land at the wrong offsets and out gets the wrong size
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank compacts its block; rank 0 gathers the counts, sizes out, and gathers the pieces
// one after the other in rank order.
void select_greater(const std::vector<double> &x, double threshold, std::vector<double> &out) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    std::vector<double> mine;
    std::vector<size_t> count(omp_get_max_threads() + 1, 0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long tb = b + (e - b) * t / nt, te = b + (e - b) * (t + 1) / nt;
        size_t c = 0;
        for (long i = tb; i < te; ++i) c += x[i] > threshold;
        count[t] = c;
#pragma omp barrier
#pragma omp single
        {
            size_t total = 0;
            for (int u = 0; u < nt; ++u) {
                const size_t cu = count[u];
                count[u] = total;
                total += cu;
            }
            mine.resize(total);
        }
        size_t k = count[t];
        for (long i = tb; i < te; ++i)
            if (x[i] > threshold) mine[k++] = x[i];
    }
    const int mine_n = (int)mine.size();
    std::vector<int> counts(size), displs(size);
    MPI_Gather(&mine_n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r];
    if (rank == 0) out.resize((size_t)displs[size - 1] + counts[size - 1]);
    MPI_Gatherv(mine.data(), mine_n, MPI_DOUBLE, out.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
}
