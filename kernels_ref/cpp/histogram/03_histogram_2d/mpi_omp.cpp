#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank bins its block of points with per-thread histograms; the ranks' histograms are
// summed on rank 0.
void histogram_2d(const std::vector<double> &x, const std::vector<double> &y, int nx, int ny,
                  std::vector<long> &counts) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), lo = n * rank / size, hi = n * (rank + 1) / size, cells = (long)nx * ny;
    std::vector<long> mine((size_t)cells, 0);
    long *c = mine.data();
#pragma omp parallel for reduction(+ : c[:cells]) schedule(static)
    for (long i = lo; i < hi; ++i) ++c[(long)std::floor(y[i] * ny) * nx + (long)std::floor(x[i] * nx)];
    MPI_Reduce(mine.data(), counts.data(), (int)cells, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
