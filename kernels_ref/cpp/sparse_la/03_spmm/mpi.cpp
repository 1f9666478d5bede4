#include <cstddef>
#include <mpi.h>
#include <vector>

// Each rank computes a block of rows of C in place; rank 0 gathers the blocks.
void spmm(size_t M, size_t N, size_t K, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
          const std::vector<double> &values, const std::vector<double> &B, std::vector<double> &C) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(M * r / size * K);
        counts[r] = (int)(M * (r + 1) / size * K) - displs[r];
    }
    const long lo = (long)(M * rank / size), hi = (long)(M * (rank + 1) / size);
    for (long i = lo; i < hi; ++i) {
        double *c = &C[i * K];
        for (size_t t = 0; t < K; ++t) c[t] = 0.0;
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
            const double a = values[k];
            const double *b = &B[(size_t)col_idx[k] * K];
            for (size_t t = 0; t < K; ++t) c[t] += a * b[t];
        }
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, C.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(C.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
