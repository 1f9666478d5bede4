// Off by one in Horner's loop (k > 0 instead of k >= 0, then one final multiplication by x): the constant term c[0] is left out.
#include <omp.h>
#include <vector>

void poly_eval(const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y) {
    const long n = (long)x.size(), m = (long)c.size();
#pragma omp parallel for
    for (long i = 0; i < n; ++i) {
        double s = 0.0;
        for (long k = m - 1; k > 0; --k) s = s * x[i] + c[k];
        y[i] = s * x[i];
    }
}
