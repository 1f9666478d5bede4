// wrong: MPI_Allreduce and MPI_Reduce are called by every thread inside the parallel region (the MPI library is initialised without MPI_THREAD_MULTIPLE), so the threads' collectives on one communicator interleave: each rank joins twice as many collectives, matched across ranks in no fixed order, and rank 0 keeps whichever thread's total wrote last
#include <cmath>
#include <mpi.h>
#include <omp.h>
#include <vector>

double norm2(const std::vector<double> &x) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    double result = 0.0;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long tb = b + (e - b) * t / nt, te = b + (e - b) * (t + 1) / nt;
        double m = 0.0;
        for (long i = tb; i < te; ++i) m = std::fmax(m, std::fabs(x[i]));
        MPI_Allreduce(MPI_IN_PLACE, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        double sum = 0.0, total = 0.0;
        if (m > 0.0) {
            int ex;
            std::frexp(m, &ex);
            const double s = std::ldexp(1.0, -ex);
            for (long i = tb; i < te; ++i) {
                const double y = x[i] * s;
                sum += y * y;
            }
            MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
            if (rank == 0) result = std::sqrt(total) / s;
        } else {
            MPI_Reduce(&sum, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        }
    }
    return result;
}
