#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Level-synchronous BFS in which every rank keeps all of dist and the whole frontier. Each rank
// expands its share of the frontier with its threads (a thread claims an unvisited vertex with a
// compare-and-swap on dist; small shares are expanded without a parallel region), all ranks
// exchange the lists of vertices they found (MPI_Allgatherv), and every rank builds the same next
// frontier from the lists in rank order, dropping vertices found by more than one rank.
void bfs(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, int source,
         std::vector<int> &dist) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#pragma omp parallel for schedule(static)
    for (long v = 0; v < (long)n; ++v) dist[v] = -1;
    if (n == 0) return;
    dist[source] = 0;
    std::vector<int> frontier{source}, found, all, counts(size), displs(size);
    std::vector<std::vector<int>> per_thread(omp_get_max_threads());
    for (int level = 0; !frontier.empty(); ++level) {
        const long f = (long)frontier.size();
        const long lo = f * rank / size, hi = f * (rank + 1) / size;
        for (auto &t : per_thread) t.clear();
        if (hi - lo <= 512) {
            for (long i = lo; i < hi; ++i) {
                const int u = frontier[i];
                for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k)
                    if (dist[col_idx[k]] == -1) {
                        dist[col_idx[k]] = level + 1;
                        per_thread[0].push_back(col_idx[k]);
                    }
            }
        } else {
#pragma omp parallel
            {
                std::vector<int> &mine = per_thread[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 64)
                for (long i = lo; i < hi; ++i) {
                    const int u = frontier[i];
                    for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                        const int v = col_idx[k];
                        int expected = -1;
                        if (__atomic_load_n(&dist[v], __ATOMIC_RELAXED) == -1 &&
                            __atomic_compare_exchange_n(&dist[v], &expected, level + 1, false, __ATOMIC_RELAXED,
                                                        __ATOMIC_RELAXED))
                            mine.push_back(v);
                    }
                }
            }
        }
        found.clear();
        for (auto &t : per_thread) found.insert(found.end(), t.begin(), t.end());
        int mine = (int)found.size();
        MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
        int total = 0;
        for (int r = 0; r < size; ++r) displs[r] = total, total += counts[r];
        all.resize(total);
        MPI_Allgatherv(found.data(), mine, MPI_INT, all.data(), counts.data(), displs.data(), MPI_INT,
                       MPI_COMM_WORLD);
        // A vertex enters the next frontier the first time it appears in `all`; -2 marks it taken.
        frontier.clear();
        for (int v : all)
            if (dist[v] == -1 || dist[v] == level + 1) {
                dist[v] = -2;
                frontier.push_back(v);
            }
        for (int v : frontier) dist[v] = level + 1;
    }
}
