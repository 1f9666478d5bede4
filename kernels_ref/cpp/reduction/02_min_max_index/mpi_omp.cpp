#include <cmath>
#include <cstddef>
#include <cstdint>
#include <mpi.h>
#include <omp.h>
#include <vector>

struct ValIdx {  // the layout MPI_DOUBLE_INT describes
    double v;
    int i;
};

// Each rank finds the first extremes of its block (its threads each take a part and combine in order); MPI_MINLOC / MPI_MAXLOC then pick the
// extreme value and, among equal values, the smallest index (the earliest occurrence).
// A rank without elements takes part with neutral pairs (+/- infinity at index n).
void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), b = n * rank / size, e = n * (rank + 1) / size;
    if (n == 0) {
        imin = imax = SIZE_MAX;
        return;
    }
    ValIdx mn{INFINITY, (int)n}, mx{-INFINITY, (int)n};
    std::vector<long> lo(omp_get_max_threads(), -1), hi(lo.size(), -1);
    int used = 1;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long tb = b + (e - b) * t / nt, te = b + (e - b) * (t + 1) / nt;
        if (tb < te) {
            long l = tb, h = tb;
            double vl = x[tb], vh = x[tb];  // in registers, not reloaded as x[l]
            for (long i = tb + 1; i < te; ++i) {
                const double v = x[i];
                if (v < vl) vl = v, l = i;
                if (v > vh) vh = v, h = i;
            }
            lo[t] = l, hi[t] = h;
        }
        if (t == 0) used = nt;
    }
    for (int t = 0; t < used; ++t) {  // in thread order: ties keep the earliest block
        if (lo[t] < 0) continue;
        if (x[lo[t]] < mn.v || mn.i == (int)n) mn = {x[lo[t]], (int)lo[t]};
        if (x[hi[t]] > mx.v || mx.i == (int)n) mx = {x[hi[t]], (int)hi[t]};
    }
    ValIdx gmn{0, 0}, gmx{0, 0};
    MPI_Reduce(&mn, &gmn, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    MPI_Reduce(&mx, &gmx, 1, MPI_DOUBLE_INT, MPI_MAXLOC, 0, MPI_COMM_WORLD);
    imin = (size_t)gmn.i, imax = (size_t)gmx.i;
}
