#include <cmath>
#include <complex>
#include <cstddef>
#include <vector>

typedef std::complex<double> cplx;

// Direct O(n^2) DFT. exp(-2 pi i j k / n) depends only on m = j k mod n, so a table of the n
// roots of unity (each from its own cos/sin, accurate to an ulp) serves every term, and m is
// advanced by k modulo n as j grows.
void dft(const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &X) {
    const size_t n = x.size();
    std::vector<double> wr(n), wi(n), xr(n), xi(n);
    for (size_t m = 0; m < n; ++m) {
        const double a = -2.0 * M_PI * (double)m / (double)n;
        wr[m] = std::cos(a), wi[m] = std::sin(a);
        xr[m] = x[m].real(), xi[m] = x[m].imag();
    }
    for (size_t k = 0; k < n; ++k) {
        double sr = 0, si = 0;
        size_t m = 0;
        for (size_t j = 0; j < n; ++j) {
            sr += xr[j] * wr[m] - xi[j] * wi[m];
            si += xr[j] * wi[m] + xi[j] * wr[m];
            m += k;
            if (m >= n) m -= n;
        }
        X[k] = cplx(sr, si);
    }
}
