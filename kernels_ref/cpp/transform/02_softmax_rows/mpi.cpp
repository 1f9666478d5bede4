#include <cmath>
#include <cstddef>
#include <mpi.h>
#include <vector>

static void softmax_row(double *a, size_t cols) {
    if (cols == 0) return;
    double m = a[0];
    for (size_t j = 1; j < cols; ++j) m = a[j] > m ? a[j] : m;
    double sum = 0.0;
    for (size_t j = 0; j < cols; ++j) sum += a[j] = std::exp(a[j] - m);
    const double inv = 1.0 / sum;
    for (size_t j = 0; j < cols; ++j) a[j] *= inv;
}

// Each rank transforms a block of rows in place; rank 0 gathers the blocks.
void softmax_rows(std::vector<double> &A, size_t rows, size_t cols) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long lo = (long)(rows * rank / size), hi = (long)(rows * (rank + 1) / size);
    for (long i = lo; i < hi; ++i) softmax_row(&A[i * cols], cols);
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
