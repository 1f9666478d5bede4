// wrong: the user operation for MPI_Exscan takes `in` as the later map and `inout` as the earlier one, but MPI passes the earlier ranks' result in `in`, so with three or more ranks the maps are composed in the wrong order and the value carried into a block is wrong
#include <mpi.h>
#include <omp.h>
#include <vector>

// The map y -> a[i] y + b[i] over a block [lo, hi) composes to y -> P y + Z. Pass 1 runs the
// recurrence from y[lo - 1] = 0 (so y[i] holds the Z of [lo, i]) and returns (P, Z) for the
// block; pass 2 adds (a[lo] ... a[i]) * in, where in is the true y[lo - 1]. With y[-1] = 0,
// y[0] = a[0] * 0 + b[0] = b[0] as required, so the first block needs no special case.
static void pass1(const double *a, const double *b, double *y, long lo, long hi, double &P, double &Z) {
    double p = 1.0, z = 0.0;
    for (long i = lo; i < hi; ++i) {
        z = a[i] * z + b[i];
        y[i] = z;
        p *= a[i];
    }
    P = p, Z = z;
}

static void pass2(const double *a, double *y, long lo, long hi, double in) {
    if (in == 0.0) return;
    double p = 1.0;
    for (long i = lo; i < hi; ++i) {
        p *= a[i];
        y[i] += p * in;
    }
}

// Maps compose as (P1, Z1) then (P2, Z2) = (P1 P2, P2 Z1 + Z2).
static void compose(void *in, void *inout, int *len, MPI_Datatype *) {
    const double *l = (const double *)in;  // this rank's map
    double *e = (double *)inout;           // the maps accumulated so far
    for (int k = 0; k < *len; ++k) {
        e[2 * k + 1] = l[2 * k] * e[2 * k + 1] + l[2 * k + 1];
        e[2 * k] *= l[2 * k];
    }
}

// Each rank does pass 1 on its block; MPI_Exscan with the composition gives the map of all
// earlier blocks, whose Z is the value entering this block; then pass 2, and rank 0 gathers.
void linear_recurrence(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)a.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    std::vector<double> tP(omp_get_max_threads(), 1.0), tZ(tP.size(), 0.0);
    int used = 1;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        pass1(a.data(), b.data(), y.data(), lo + (hi - lo) * t / nt, lo + (hi - lo) * (t + 1) / nt, tP[t], tZ[t]);
        if (t == 0) used = nt;
    }
    double P = 1.0, Z = 0.0;  // the rank's block: the threads' maps composed in order
    for (int u = 0; u < used; ++u) P = tP[u] * P, Z = tP[u] * Z + tZ[u];
    double mine[2] = {P, Z}, in[2] = {1.0, 0.0};
    MPI_Datatype pair;
    MPI_Type_contiguous(2, MPI_DOUBLE, &pair);
    MPI_Type_commit(&pair);
    MPI_Op op;
    MPI_Op_create(compose, 0, &op);
    MPI_Exscan(mine, in, 1, pair, op, MPI_COMM_WORLD);
    MPI_Op_free(&op);
    MPI_Type_free(&pair);
    if (rank == 0) in[0] = 1.0, in[1] = 0.0;  // MPI_Exscan leaves rank 0's result undefined
#pragma omp parallel num_threads(used)
    {
        const int t = omp_get_thread_num();
        double tin = in[1];
        for (int u = 0; u < t; ++u) tin = tP[u] * tin + tZ[u];
        pass2(a.data(), y.data(), lo + (hi - lo) * t / used, lo + (hi - lo) * (t + 1) / used, tin);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(y.data() + lo, counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}
