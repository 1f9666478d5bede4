// wrong: adds the value entering the block to every element unscaled, instead of multiplying it by the product of the coefficients a[lo..i]
#include <mpi.h>
#include <vector>

static void compose(void *in, void *inout, int *len, MPI_Datatype *) {
    const double *e = (const double *)in;
    double *l = (double *)inout;
    for (int k = 0; k < *len; ++k) {
        l[2 * k + 1] = l[2 * k] * e[2 * k + 1] + l[2 * k + 1];
        l[2 * k] *= e[2 * k];
    }
}

void linear_recurrence(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &y) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)a.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    double p = 1.0, z = 0.0;
    for (long i = lo; i < hi; ++i) {
        y[i] = z = a[i] * z + b[i];
        p *= a[i];
    }
    double mine[2] = {p, z}, in[2] = {1.0, 0.0};
    MPI_Datatype pair;
    MPI_Type_contiguous(2, MPI_DOUBLE, &pair);
    MPI_Type_commit(&pair);
    MPI_Op op;
    MPI_Op_create(compose, 0, &op);
    MPI_Exscan(mine, in, 1, pair, op, MPI_COMM_WORLD);
    if (rank == 0) in[1] = 0.0;
    for (long i = lo; i < hi; ++i) y[i] += in[1];
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
