#include <cmath>
#include <cstddef>
#include <mpi.h>
#include <vector>

// Each rank handles a block of rows: the column sums are added over all ranks (Allreduce),
// then the sums of squared deviations from the means likewise, and each rank standardises
// its rows; rank 0 gathers the blocks. Whether a column varies is an OR over the ranks.
void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rows == 0 || cols == 0) return;
    const size_t lo = rows * rank / size, hi = rows * (rank + 1) / size;
    std::vector<double> mean(cols, 0.0), scale(cols, 0.0);
    std::vector<int> varies(cols, 0);
    for (size_t i = lo; i < hi; ++i)
        for (size_t j = 0; j < cols; ++j) {
            mean[j] += A[i * cols + j];
            varies[j] |= A[i * cols + j] != A[j];
        }
    MPI_Allreduce(MPI_IN_PLACE, mean.data(), (int)cols, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, varies.data(), (int)cols, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
    for (size_t j = 0; j < cols; ++j) mean[j] /= (double)rows;
    for (size_t i = lo; i < hi; ++i)
        for (size_t j = 0; j < cols; ++j) {
            const double d = A[i * cols + j] - mean[j];
            scale[j] += d * d;
        }
    MPI_Allreduce(MPI_IN_PLACE, scale.data(), (int)cols, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (size_t j = 0; j < cols; ++j) scale[j] = varies[j] ? 1.0 / std::sqrt(scale[j] / (double)rows) : 0.0;
    for (size_t i = lo; i < hi; ++i)
        for (size_t j = 0; j < cols; ++j) {
            double &v = A[i * cols + j];
            v = varies[j] ? (v - mean[j]) * scale[j] : 0.0;
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
