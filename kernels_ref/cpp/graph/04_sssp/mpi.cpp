#include <climits>
#include <cstddef>
#include <mpi.h>
#include <vector>

// Bellman-Ford over an active set, with every rank keeping all of dist and the whole active list.
// Each rank relaxes the out-edges of its share of the active vertices on its own copy of dist and
// lists the vertices it lowered; the ranks exchange those vertices with their new distances
// (MPI_Allgatherv), and every rank keeps the smallest offer for each. All ranks then hold the same
// dist and build the same next active list (the lowered vertices, each once, in rank order).
void sssp(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<int> &weight,
          int source, std::vector<long long> &dist) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t v = 0; v < n; ++v) dist[v] = LLONG_MAX;
    if (n == 0) return;
    dist[source] = 0;
    std::vector<char> queued(n, 0);
    std::vector<int> active{source}, mine, counts(size), displs(size);
    std::vector<long long> mine_d, all_d;
    while (!active.empty()) {
        const long a = (long)active.size();
        mine.clear();
        for (long i = a * rank / size; i < a * (rank + 1) / size; ++i) {
            const int u = active[i];
            const long long du = dist[u];
            for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                const int v = col_idx[k];
                if (du + weight[k] < dist[v]) {
                    dist[v] = du + weight[k];
                    if (!queued[v]) queued[v] = 1, mine.push_back(v);
                }
            }
        }
        // (vertex, new distance) pairs, packed in one array of long longs
        mine_d.clear();
        for (int v : mine) mine_d.push_back(v), mine_d.push_back(dist[v]), queued[v] = 0;
        int count = (int)mine_d.size();
        MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
        int total = 0;
        for (int r = 0; r < size; ++r) displs[r] = total, total += counts[r];
        all_d.resize(total);
        MPI_Allgatherv(mine_d.data(), count, MPI_LONG_LONG, all_d.data(), counts.data(), displs.data(), MPI_LONG_LONG,
                       MPI_COMM_WORLD);
        active.clear();
        for (int i = 0; i < total; i += 2) {
            const int v = (int)all_d[i];
            if (all_d[i + 1] < dist[v]) dist[v] = all_d[i + 1];
            if (!queued[v]) queued[v] = 1, active.push_back(v);
        }
        for (int v : active) queued[v] = 0;
    }
}
