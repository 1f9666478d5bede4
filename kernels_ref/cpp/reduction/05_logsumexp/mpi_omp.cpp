#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Each rank takes a block: the global largest element (MPI_Allreduce with MPI_MAX), then
// rank 0 sums the ranks' sums of exp(x[i] - m) (MPI_Reduce).
double logsumexp(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    if (n == 0) return -INFINITY;
    double m = -INFINITY;  // a rank without elements contributes nothing
#pragma omp parallel for reduction(max : m)
    for (long i = b; i < e; ++i) m = std::fmax(m, x[i]);
    MPI_Allreduce(MPI_IN_PLACE, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    double sum = 0.0, total = 0.0;
#pragma omp parallel for reduction(+ : sum)
    for (long i = b; i < e; ++i) sum += std::exp(x[i] - m);
    MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return m + std::log(total);
}
