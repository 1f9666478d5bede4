// wrong: shifts every row by the largest entry of the whole matrix instead of the row's own, so rows far below it underflow to 0 / 0
#include <cmath>
#include <cstddef>
#include <mpi.h>
#include <vector>

void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long lo = (long)(rows * rank / size), hi = (long)(rows * (rank + 1) / size);
    double m = -INFINITY;
    for (long i = lo; i < hi; ++i)
        for (size_t j = 0; j < cols; ++j) m = std::fmax(m, A[i * cols + j]);
    MPI_Allreduce(MPI_IN_PLACE, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    for (long i = lo; i < hi; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < cols; ++j) sum += A[i * cols + j] = std::exp(A[i * cols + j] - m);
        for (size_t j = 0; j < cols; ++j) A[i * cols + j] /= sum;
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
