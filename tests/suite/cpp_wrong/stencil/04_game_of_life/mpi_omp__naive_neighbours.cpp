// wrong: exchanges halo rows with rank - 1 and rank + 1 even when those ranks own no rows (more ranks than rows), so a rank next to an empty one receives the empty rank's stale copy of the row it needs
#include <cstddef>
#include <cstdint>
#include <mpi.h>
#include <omp.h>
#include <utility>
#include <vector>

// The board is copied into one with a border of dead cells, and its rows are split in blocks
// over the ranks. After each generation a rank sends its first and last rows to the
// neighbouring ranks; at the end rank 0 gathers the blocks.
void life(std::vector<uint8_t> &grid, size_t rows, size_t cols, int generations) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long R = (long)rows, C = (long)cols, W = C + 2;
    if (R == 0 || C == 0) return;
    auto first = [&](int r) { return R * r / size; };  // block of rank r: board rows [first(r), first(r + 1))
    const long lo = first(rank) + 1, hi = first(rank + 1) + 1;  // the same rows in the bordered board
    const int prev = rank > 0 ? rank - 1 : MPI_PROC_NULL, next = rank + 1 < size ? rank + 1 : MPI_PROC_NULL;
    std::vector<uint8_t> a((R + 2) * W, 0), b((R + 2) * W, 0);
    for (long i = 0; i < R; ++i)
        for (long j = 0; j < C; ++j) a[(i + 1) * W + j + 1] = grid[i * C + j];
    for (int g = 0; g < generations; ++g) {
        {
#pragma omp parallel for schedule(static)
            for (long i = lo; i < hi; ++i) {
                const uint8_t *up = &a[(i - 1) * W], *mid = &a[i * W], *down = &a[(i + 1) * W];
                uint8_t *out = &b[i * W];
                for (long j = 1; j <= C; ++j) {
                    const int live = up[j - 1] + up[j] + up[j + 1] + mid[j - 1] + mid[j + 1] + down[j - 1] + down[j] +
                                     down[j + 1];
                    out[j] = (uint8_t)((live == 3) | ((live == 2) & mid[j]));
                }
            }
            MPI_Sendrecv(&b[lo * W], (int)W, MPI_UINT8_T, prev, 0, &b[hi * W], (int)W, MPI_UINT8_T, next, 0,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(&b[(hi - 1) * W], (int)W, MPI_UINT8_T, next, 1, &b[(lo - 1) * W], (int)W, MPI_UINT8_T, prev,
                         1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        std::swap(a, b);
    }
    for (long i = lo; i < hi; ++i)
        for (long j = 0; j < C; ++j) grid[(i - 1) * C + j] = a[i * W + j + 1];
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(first(r) * C);
        counts[r] = (int)((first(r + 1) - first(r)) * C);
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_UINT8_T, grid.data(), counts.data(), displs.data(), MPI_UINT8_T, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(grid.data() + displs[rank], counts[rank], MPI_UINT8_T, nullptr, nullptr, nullptr, MPI_UINT8_T, 0,
                    MPI_COMM_WORLD);
}
