#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <vector>

// Each rank writes a block of rows of B (columns of A) in tiles; rank 0 gathers the blocks.
void transpose(const std::vector<double> &A, std::vector<double> &B, size_t M, size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(N * r / size * M);
        counts[r] = (int)(N * (r + 1) / size * M) - displs[r];
    }
    const size_t lo = N * rank / size, hi = N * (rank + 1) / size, T = 32;
    for (size_t i0 = 0; i0 < M; i0 += T)
        for (size_t j0 = lo; j0 < hi; j0 += T) {
            const size_t i1 = std::min(M, i0 + T), j1 = std::min(hi, j0 + T);
            for (size_t i = i0; i < i1; ++i)
                for (size_t j = j0; j < j1; ++j) B[j * M + i] = A[i * N + j];
        }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, B.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(B.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
