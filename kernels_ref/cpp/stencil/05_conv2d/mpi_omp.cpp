#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Output row i: for each filter tap (a, b) whose image row i + a - 2 exists, add
// w[a][b] times that row, shifted by b - 2 columns and clipped to the image, to the row.
static void filter_row(const double *img, long R, long C, const double *w, long i, double *o) {
    for (long j = 0; j < C; ++j) o[j] = 0.0;
    for (long a = 0; a < 5; ++a) {
        const long src = i + a - 2;
        if (src < 0 || src >= R) continue;
        const double *row = img + src * C;
        for (long b = 0; b < 5; ++b) {
            const double wt = w[a * 5 + b];
            const long d = b - 2;  // out[j] += wt * row[j + d] for 0 <= j + d < C
            const long j0 = d < 0 ? -d : 0, j1 = d > 0 ? C - d : C;
            for (long j = j0; j < j1; ++j) o[j] += wt * row[j + d];
        }
    }
}

// Each rank computes a block of output rows (every rank has the whole image, so no halo
// exchange is needed); rank 0 gathers the blocks.
void filter5x5(const std::vector<double> &img, size_t rows, size_t cols, const std::vector<double> &w,
               std::vector<double> &out) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(rows * r / size * cols);
        counts[r] = (int)(rows * (r + 1) / size * cols) - displs[r];
    }
    const long lo = (long)(rows * rank / size), hi = (long)(rows * (rank + 1) / size);
#pragma omp parallel for schedule(static)
    for (long i = lo; i < hi; ++i) filter_row(img.data(), (long)rows, (long)cols, w.data(), i, &out[i * cols]);
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, out.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(out.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
