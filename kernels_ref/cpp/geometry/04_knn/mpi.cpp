#include <mpi.h>
#include <vector>

// The k nearest other points of point i: a sorted list of at most k (distance, index) pairs;
// j runs upwards, so a later point at an equal distance never displaces an earlier one.
static void nearest(const std::vector<int> &x, const std::vector<int> &y, long i, int k, int *out) {
    const long n = (long)x.size();
    long bd[16];
    int bj[16];
    int cnt = 0;
    const long xi = x[i], yi = y[i];
    for (long j = 0; j < n; ++j) {
        if (j == i) continue;
        const long dx = x[j] - xi, dy = y[j] - yi, d = dx * dx + dy * dy;
        if (cnt == k && d >= bd[k - 1]) continue;
        int pos = cnt < k ? cnt++ : k - 1;
        while (pos > 0 && bd[pos - 1] > d) {
            bd[pos] = bd[pos - 1], bj[pos] = bj[pos - 1];
            --pos;
        }
        bd[pos] = d, bj[pos] = (int)j;
    }
    for (int t = 0; t < k; ++t) out[t] = t < cnt ? bj[t] : -1;
}

// Each rank handles a block of the points; rank 0 gathers their neighbour lists.
void knn(const std::vector<int> &x, const std::vector<int> &y, int k, std::vector<int> &nbr) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size * k);
        counts[r] = (int)(n * (r + 1) / size * k) - displs[r];
    }
    const long lo = n * rank / size, hi = n * (rank + 1) / size;
    for (long i = lo; i < hi; ++i) nearest(x, y, i, k, nbr.data() + i * k);
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_INT, nbr.data(), counts.data(), displs.data(), MPI_INT, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(nbr.data() + lo * k, counts[rank], MPI_INT, nullptr, nullptr, nullptr, MPI_INT, 0, MPI_COMM_WORLD);
}
