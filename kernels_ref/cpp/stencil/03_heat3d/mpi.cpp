#include <cstddef>
#include <mpi.h>
#include <utility>
#include <vector>

// The interior i-planes are split in blocks over the ranks. After each step a rank sends its
// first and last planes to the neighbouring ranks that own planes; at the end rank 0 gathers
// the blocks.
void heat3d(std::vector<double> &u, size_t n, double alpha, int steps) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (n < 3) return;
    const long N = (long)n, P = N * N, planes = N - 2;
    auto first = [&](int r) { return 1 + planes * r / size; };
    const long lo = first(rank), hi = first(rank + 1);
    int prev = rank - 1, nxt = rank + 1;
    while (prev >= 0 && first(prev) == first(prev + 1)) --prev;  // skip ranks without planes
    while (nxt < size && first(nxt) == first(nxt + 1)) ++nxt;
    if (prev < 0) prev = MPI_PROC_NULL;
    if (nxt >= size) nxt = MPI_PROC_NULL;
    std::vector<double> next(u);
    for (int s = 0; s < steps; ++s) {
        if (lo < hi) {
            const double *a = u.data();
            double *b = next.data();
            for (long i = lo; i < hi; ++i)
            for (long j = 1; j < N - 1; ++j) {
                const long r = (i * N + j) * N;
                for (long k = 1; k < N - 1; ++k) {
                    const double c = a[r + k];
                    b[r + k] = c + alpha * (a[r + k - P] + a[r + k + P] + a[r + k - N] + a[r + k + N] + a[r + k - 1] +
                                            a[r + k + 1] - 6.0 * c);
                }
            }
            MPI_Sendrecv(&next[lo * P], (int)P, MPI_DOUBLE, prev, 0, &next[hi * P], (int)P, MPI_DOUBLE, nxt, 0,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(&next[(hi - 1) * P], (int)P, MPI_DOUBLE, nxt, 1, &next[(lo - 1) * P], (int)P, MPI_DOUBLE,
                         prev, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        std::swap(u, next);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(first(r) * P);
        counts[r] = (int)((first(r + 1) - first(r)) * P);
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, u.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(u.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
