// wrong: the halo exchange sends each rank's first row down and its last row up (the Sendrecv directions are swapped), so the ghost row above a block receives the next rank's first row instead of the previous rank's last row
#include <cstddef>
#include <cstdint>
#include <mpi.h>
#include <omp.h>
#include <utility>
#include <vector>

void life(std::vector<uint8_t> &grid, size_t rows, size_t cols, int generations) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long R = (long)rows, C = (long)cols, W = C + 2;
    if (R == 0 || C == 0) return;
    auto first = [&](int r) { return R * r / size; };
    const long lo = first(rank) + 1, hi = first(rank + 1) + 1;
    int prev = rank - 1, next = rank + 1;
    while (prev >= 0 && first(prev) == first(prev + 1)) --prev;
    while (next < size && first(next) == first(next + 1)) ++next;
    if (prev < 0) prev = MPI_PROC_NULL;
    if (next >= size) next = MPI_PROC_NULL;
    std::vector<uint8_t> a((R + 2) * W, 0), b((R + 2) * W, 0);
    for (long i = 0; i < R; ++i)
        for (long j = 0; j < C; ++j) a[(i + 1) * W + j + 1] = grid[i * C + j];
    for (int g = 0; g < generations; ++g) {
        if (lo < hi) {
#pragma omp parallel for schedule(static)
            for (long i = lo; i < hi; ++i) {
                for (long j = 1; j <= C; ++j) {
                    int live = 0;
                    for (int di = -1; di <= 1; ++di)
                        for (int dj = -1; dj <= 1; ++dj)
                            if (di != 0 || dj != 0) live += a[(i + di) * W + j + dj];
                    b[i * W + j] = (uint8_t)(live == 3 || (live == 2 && a[i * W + j]));
                }
            }
            MPI_Sendrecv(&b[lo * W], (int)W, MPI_UINT8_T, next, 0, &b[(lo - 1) * W], (int)W, MPI_UINT8_T, prev, 0,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Sendrecv(&b[(hi - 1) * W], (int)W, MPI_UINT8_T, prev, 1, &b[hi * W], (int)W, MPI_UINT8_T, next, 1,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
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
