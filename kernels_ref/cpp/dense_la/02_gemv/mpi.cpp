#include <cstddef>
#include <mpi.h>
#include <vector>

// Each rank computes a contiguous block of rows of y in place; rank 0 gathers the blocks.
void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(M * r / size);
        counts[r] = (int)(M * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
    for (long i = lo; i < hi; ++i) {
        double sum = 0.0;
        for (size_t j = 0; j < N; ++j) sum += A[i * N + j] * x[j];
        y[i] = sum;
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(y.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
