#include <climits>
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Lowers *d to nd if that is smaller; true when this call lowered it.
static bool lower(long long *d, long long nd) {
    long long cur = __atomic_load_n(d, __ATOMIC_RELAXED);
    while (nd < cur)
        if (__atomic_compare_exchange_n(d, &cur, nd, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) return true;
    return false;
}

// Bellman-Ford over an active set, with every rank keeping all of dist and the whole active list.
// Each rank's threads relax the out-edges of the rank's share of the active vertices on the rank's
// copy of dist (compare-and-swap; the first thread to lower a vertex lists it); the ranks exchange
// the lowered vertices with their new distances (MPI_Allgatherv), and every rank keeps the smallest
// offer for each. All ranks then hold the same dist and build the same next active list.
void sssp(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<int> &weight,
          int source, std::vector<long long> &dist) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#pragma omp parallel for schedule(static)
    for (long v = 0; v < (long)n; ++v) dist[v] = LLONG_MAX;
    if (n == 0) return;
    dist[source] = 0;
    std::vector<char> queued(n, 0);
    std::vector<int> active{source}, mine, counts(size), displs(size);
    std::vector<long long> mine_d, all_d;
    std::vector<std::vector<int>> found(omp_get_max_threads());
    while (!active.empty()) {
        const long a = (long)active.size();
        const long lo = a * rank / size, hi = a * (rank + 1) / size;
        for (auto &f : found) f.clear();
        if (hi - lo <= 256) {
            for (long i = lo; i < hi; ++i) {
                const int u = active[i];
                const long long du = dist[u];
                for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                    const int v = col_idx[k];
                    if (du + weight[k] < dist[v]) {
                        dist[v] = du + weight[k];
                        if (!queued[v]) queued[v] = 1, found[0].push_back(v);
                    }
                }
            }
        } else {
#pragma omp parallel
            {
                std::vector<int> &list = found[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 64)
                for (long i = lo; i < hi; ++i) {
                    const int u = active[i];
                    const long long du = __atomic_load_n(&dist[u], __ATOMIC_RELAXED);
                    for (int k = row_ptr[u]; k < row_ptr[u + 1]; ++k) {
                        const int v = col_idx[k];
                        if (lower(&dist[v], du + weight[k]) && !__atomic_exchange_n(&queued[v], 1, __ATOMIC_RELAXED))
                            list.push_back(v);
                    }
                }
            }
        }
        mine.clear();
        for (auto &f : found) mine.insert(mine.end(), f.begin(), f.end());
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
