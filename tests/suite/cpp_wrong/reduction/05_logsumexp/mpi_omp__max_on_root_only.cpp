// wrong: the global maximum is reduced to rank 0 only (MPI_Reduce, not MPI_Allreduce), so the other ranks shift their exponentials by their own block's maximum and rank 0 adds sums taken at different shifts
#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

double logsumexp(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    if (n == 0) return -INFINITY;
    double local = -INFINITY, m = -INFINITY;
#pragma omp parallel for reduction(max : local)
    for (long i = b; i < e; ++i) local = std::fmax(local, x[i]);
    MPI_Reduce(&local, &m, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (rank != 0) m = local;
    double sum = 0.0, total = 0.0;
    if (m != -INFINITY) {
#pragma omp parallel for reduction(+ : sum)
        for (long i = b; i < e; ++i) sum += std::exp(x[i] - m);
    }
    MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return m + std::log(total);
}
