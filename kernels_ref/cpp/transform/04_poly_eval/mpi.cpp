#include <mpi.h>
#include <vector>

// Each rank evaluates a contiguous block of points (Horner's rule) in place in y; rank 0
// gathers the blocks.
void poly_eval(const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), m = (long)c.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
    for (long i = lo; i < hi; ++i) {
        const double t = x[i];
        double s = 0.0;
        for (long k = m - 1; k >= 0; --k) s = s * t + c[k];
        y[i] = s;
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(y.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
