// wrong: each rank copies its block and its threads report positions within that copy, and the block's offset is never added back before MPI_MINLOC / MPI_MAXLOC, so the indices are local to a rank's block
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <mpi.h>
#include <omp.h>
#include <vector>

struct ValIdx {
    double v;
    int i;
};

void min_max_index(const std::vector<double> &x, size_t &imin, size_t &imax) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    if (n == 0) {
        imin = imax = SIZE_MAX;
        return;
    }
    const long b = n * rank / size, e = n * (rank + 1) / size;
    std::vector<double> block(x.begin() + b, x.begin() + e);
    const long len = (long)block.size();
    ValIdx mn{INFINITY, (int)n}, mx{-INFINITY, (int)n};
#pragma omp parallel
    {
        ValIdx tmn{INFINITY, (int)n}, tmx{-INFINITY, (int)n};
#pragma omp for schedule(static) nowait
        for (long i = 0; i < len; ++i) {
            if (block[i] < tmn.v) tmn = {block[i], (int)i};
            if (block[i] > tmx.v) tmx = {block[i], (int)i};
        }
#pragma omp critical
        {
            if (tmn.v < mn.v || (tmn.v == mn.v && tmn.i < mn.i)) mn = tmn;
            if (tmx.v > mx.v || (tmx.v == mx.v && tmx.i < mx.i)) mx = tmx;
        }
    }
    ValIdx gmn{0, 0}, gmx{0, 0};
    MPI_Reduce(&mn, &gmn, 1, MPI_DOUBLE_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    MPI_Reduce(&mx, &gmx, 1, MPI_DOUBLE_INT, MPI_MAXLOC, 0, MPI_COMM_WORLD);
    imin = (size_t)gmn.i, imax = (size_t)gmx.i;
}
