// wrong: the dot products are summed with MPI_Reduce to rank 0 instead of MPI_Allreduce, so only rank 0 knows alpha and beta; the other ranks update their rows of x, r and p with step sizes from their stale local values
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

void cg(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<double> &values,
        const std::vector<double> &b, std::vector<double> &x, int iterations) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    const long lo = displs[rank], hi = lo + counts[rank];
    std::vector<double> r(b), p(b), q(n);
    double local = 0.0, rr = 0.0;
#pragma omp parallel for reduction(+ : local)
    for (long i = lo; i < hi; ++i) {
        x[i] = 0.0;
        local += r[i] * r[i];
    }
    MPI_Reduce(&local, &rr, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank != 0) rr = local;
    for (int it = 0; it < iterations; ++it) {
        double pq = 0.0;
        local = 0.0;
#pragma omp parallel for reduction(+ : local) schedule(dynamic, 1024)
        for (long i = lo; i < hi; ++i) {
            double s = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * p[col_idx[k]];
            q[i] = s;
            local += p[i] * s;
        }
        MPI_Reduce(&local, &pq, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank != 0) pq = local;
        const double alpha = pq != 0.0 ? rr / pq : 0.0;
        double rr_new = 0.0;
        local = 0.0;
#pragma omp parallel for reduction(+ : local)
        for (long i = lo; i < hi; ++i) {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
            local += r[i] * r[i];
        }
        MPI_Reduce(&local, &rr_new, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank != 0) rr_new = local;
        const double beta = rr != 0.0 ? rr_new / rr : 0.0;
#pragma omp parallel for
        for (long i = lo; i < hi; ++i) p[i] = r[i] + beta * p[i];
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, p.data(), counts.data(), displs.data(), MPI_DOUBLE, MPI_COMM_WORLD);
        rr = rr_new;
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(x.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
