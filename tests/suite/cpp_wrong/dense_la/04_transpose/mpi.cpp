// wrong: every rank takes N / size columns of A, so the last N % size columns are never transposed
#include <cstddef>
#include <mpi.h>
#include <vector>

void transpose(const std::vector<double> &A, std::vector<double> &B, size_t M, size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t chunk = N / size, lo = chunk * rank;
    for (size_t j = lo; j < lo + chunk; ++j)
        for (size_t i = 0; i < M; ++i) B[j * M + i] = A[i * N + j];
    if (rank == 0)
        MPI_Gather(MPI_IN_PLACE, 0, MPI_DOUBLE, B.data(), (int)(chunk * M), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gather(B.data() + lo * M, (int)(chunk * M), MPI_DOUBLE, nullptr, 0, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
