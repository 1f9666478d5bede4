// wrong: the offset of a rank's block comes from MPI_Scan (inclusive) instead of MPI_Exscan, so every rank but 0 adds its own block's total as well as those of the ranks before it
#include <mpi.h>
#include <omp.h>
#include <vector>

void inclusive_sum(const std::vector<double> &x, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    std::vector<double> part(omp_get_max_threads() + 1, 0.0);
    double s = 0.0;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long tb = b + (e - b) * t / nt, te = b + (e - b) * (t + 1) / nt;
        double ts = 0.0;
        for (long i = tb; i < te; ++i) y[i] = ts += x[i];
        part[t] = ts;
#pragma omp barrier
        double toff = 0.0;
        for (int u = 0; u < t; ++u) toff += part[u];
        for (long i = tb; i < te; ++i) y[i] += toff;
        if (t == nt - 1) s = toff + ts;
    }
    double off = 0.0;
    MPI_Scan(&s, &off, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) off = 0.0;
#pragma omp parallel for schedule(static)
    for (long i = b; i < e; ++i) y[i] += off;
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(y.data() + b, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
