#include <cmath>
#include <complex>
#include <cstddef>
#include <omp.h>
#include <vector>

typedef std::complex<double> cplx;

// Direct O(n^2) DFT, the output bins shared among the threads. exp(-2 pi i j k / n) depends
// only on m = j k mod n: a table of the n roots of unity serves every term.
void dft(const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &X) {
    const long n = (long)x.size();
    std::vector<double> wr(n), wi(n), xr(n), xi(n);
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (long m = 0; m < n; ++m) {
            const double a = -2.0 * M_PI * (double)m / (double)n;
            wr[m] = std::cos(a), wi[m] = std::sin(a);
            xr[m] = x[m].real(), xi[m] = x[m].imag();
        }
#pragma omp for schedule(static)
        for (long k = 0; k < n; ++k) {
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
    }
}
