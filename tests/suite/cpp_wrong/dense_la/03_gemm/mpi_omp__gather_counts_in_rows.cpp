// wrong: the MPI_Gatherv counts and displacements are numbers of rows, not of elements (rows * N), so rank 0 receives only the first few elements of each other rank's rows and puts them in the wrong place
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

void gemm(const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C, size_t M, size_t K,
          size_t N) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(M * r / size);
        counts[r] = (int)(M * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
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
        MPI_Gatherv(C.data() + lo * N, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
