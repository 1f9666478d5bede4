#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank computes a block of rows of y in place; rank 0 gathers the blocks.
void spmv(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(M * r / size);
        counts[r] = (int)(M * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
#pragma omp parallel for schedule(dynamic, 1024)
    for (long i = lo; i < hi; ++i) {
        double sum = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) sum += values[k] * x[col_idx[k]];
        y[i] = sum;
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(y.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
