#include <cmath>
#include <cstddef>
#include <cstdint>
#include <mpi.h>
#include <vector>

struct ValIdx {  // the layout MPI_DOUBLE_INT describes
    double v;
    int i;
};

// Each rank finds the first extremes of its block; MPI_MINLOC / MPI_MAXLOC then pick the
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
    if (b < e) {
        long l = b, h = b;
        double vl = x[b], vh = x[b];  // in registers, not reloaded as x[l]
        for (long i = b + 1; i < e; ++i) {
            const double v = x[i];
            if (v < vl) vl = v, l = i;
            if (v > vh) vh = v, h = i;
        }
        mn = {x[l], (int)l}, mx = {x[h], (int)h};
    }
    ValIdx gmn{0, 0}, gmx{0, 0};
    MPI_Reduce(&mn, &gmn, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    MPI_Reduce(&mx, &gmx, 1, MPI_DOUBLE_INT, MPI_MAXLOC, 0, MPI_COMM_WORLD);
    imin = (size_t)gmn.i, imax = (size_t)gmx.i;
}
