#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank writes a block of rows of B (columns of A) in tiles, its threads sharing out the
// tile rows of A; rank 0 gathers the blocks.
void transpose(const std::vector<double> &A, std::vector<double> &B, size_t M, size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(N * r / size * M);
        counts[r] = (int)(N * (r + 1) / size * M) - displs[r];
    }
    const long lo = (long)(N * rank / size), hi = (long)(N * (rank + 1) / size), T = 32;
#pragma omp parallel for schedule(static)
    for (long i0 = 0; i0 < (long)M; i0 += T)
        for (long j0 = lo; j0 < hi; j0 += T) {
            const long i1 = std::min((long)M, i0 + T), j1 = std::min(hi, j0 + T);
            for (long i = i0; i < i1; ++i)
                for (long j = j0; j < j1; ++j) B[j * M + i] = A[i * N + j];
        }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, B.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(B.data() + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
