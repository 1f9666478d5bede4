// WRONG: every rank takes n / size bins (rounded down), so when size does not divide n the last n % size bins are never computed.
#include <cmath>
#include <complex>
#include <cstddef>
#include <mpi.h>
#include <vector>

typedef std::complex<double> cplx;

// Direct O(n^2) DFT. Each rank computes a contiguous block of output bins (every rank has
// all of x), then rank 0 gathers the blocks. exp(-2 pi i j k / n) depends only on
// m = j k mod n: a table of the n roots of unity serves every term.
void dft(const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &X) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size();
    std::vector<int> counts(size), displs(size);
    const long chunk = n / size;
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(2 * chunk * r);
        counts[r] = (int)(2 * chunk);
    }
    const long lo = chunk * rank, hi = lo + chunk;
    std::vector<double> wr(n), wi(n), xr(n), xi(n);
    for (long m = 0; m < n; ++m) {
        const double a = -2.0 * M_PI * (double)m / (double)n;
        wr[m] = std::cos(a), wi[m] = std::sin(a);
        xr[m] = x[m].real(), xi[m] = x[m].imag();
    }
    for (long k = lo; k < hi; ++k) {
        double sr = 0, si = 0;
        long m = 0;
        for (long j = 0; j < n; ++j) {
            sr += xr[j] * wr[m] - xi[j] * wi[m];
            si += xr[j] * wi[m] + xi[j] * wr[m];
            m += k;
            if (m >= n) m -= n;
        }
        X[k] = cplx(sr, si);
    }
    double *out = reinterpret_cast<double *>(X.data());
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, out, counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(out + displs[rank], counts[rank], MPI_DOUBLE, nullptr, nullptr, nullptr, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
}
