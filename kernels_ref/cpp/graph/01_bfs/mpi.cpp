#include <cstddef>
#include <mpi.h>
#include <vector>

// Level-synchronous BFS in which every rank keeps all of dist and the whole frontier. Each rank
// expands its share of the frontier (a block of its positions), collects the vertices it finds
// unvisited, and all ranks exchange those lists (MPI_Allgatherv); every rank then marks them and
// builds the same next frontier from the lists in rank order, dropping vertices found twice.
void bfs(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, int source,
         std::vector<int> &dist) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t v = 0; v < n; ++v) dist[v] = -1;
    if (n == 0) return;
    dist[source] = 0;
    std::vector<int> frontier{source}, found, all, counts(size), displs(size);
    for (int level = 0; !frontier.empty(); ++level) {
        const long f = (long)frontier.size();
        const long lo = f * rank / size, hi = f * (rank + 1) / size;
        found.clear();
        for (long i = lo; i < hi; ++i) {
            const int u = frontier[i];
            for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                const int v = col_idx[k];
                if (dist[v] == -1) {
                    dist[v] = level + 1;  // only locally, so that this rank lists v once
                    found.push_back(v);
                }
            }
        }
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
