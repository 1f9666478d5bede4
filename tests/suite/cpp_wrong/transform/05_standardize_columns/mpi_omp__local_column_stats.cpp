// wrong: each rank standardises its block of rows with the mean and standard deviation of the columns over its own rows only; the column statistics are never combined over the ranks
#include <cmath>
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rows == 0 || cols == 0) return;
    const size_t lo = rows * rank / size, hi = rows * (rank + 1) / size, mine = hi - lo;
    double *M = A.data();
#pragma omp parallel for schedule(static)
    for (long j = 0; j < (long)cols; ++j) {
        if (mine == 0) continue;
        double mean = 0.0;
        bool varies = false;
        for (size_t i = lo; i < hi; ++i) {
            mean += M[i * cols + j];
            varies |= M[i * cols + j] != M[lo * cols + j];
        }
        mean /= (double)mine;
        double ss = 0.0;
        for (size_t i = lo; i < hi; ++i) {
            const double d = M[i * cols + j] - mean;
            ss += d * d;
        }
        const double scale = varies ? 1.0 / std::sqrt(ss / (double)mine) : 0.0;
        for (size_t i = lo; i < hi; ++i) {
            double &v = M[i * cols + j];
            v = varies ? (v - mean) * scale : 0.0;
        }
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(rows * r / size * cols);
        counts[r] = (int)(rows * (r + 1) / size * cols) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, A.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(A.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
