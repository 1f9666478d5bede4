#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank transforms a contiguous block of y in place with its threads; rank 0 gathers the
// blocks. Comparisons with a NaN are false, so a NaN falls through both tests and is copied.
void clipped_leaky_relu(const std::vector<double> &x, double alpha, double cap, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
#pragma omp parallel for schedule(static)
    for (long i = lo; i < hi; ++i) {
        const double v = x[i];
        y[i] = v < 0 ? alpha * v : v > cap ? cap : v;
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(y.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
