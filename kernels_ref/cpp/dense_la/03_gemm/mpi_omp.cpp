#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank computes a block of rows of C in place; rank 0 gathers the blocks.
void gemm(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C, size_t M, size_t K,
          size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(M * r / size * N);
        counts[r] = (int)(M * (r + 1) / size * N) - displs[r];
    }
    const long lo = (long)(M * rank / size), hi = (long)(M * (rank + 1) / size);
#pragma omp parallel for schedule(static)
    for (long i = lo; i < hi; ++i) {
        double *c = &C[i * N];
        for (size_t j = 0; j < N; ++j) c[j] = 0.0;
        for (size_t k = 0; k < K; ++k) {
            const double a = A[i * K + k];
            const double *b = &B[k * N];
            for (size_t j = 0; j < N; ++j) c[j] += a * b[j];
        }
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, C.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(C.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
