#include <omp.h>
#include <vector>

// Horner's rule at every point; the points are split among the threads.
void poly_eval(const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y) {
    const long n = (long)x.size(), m = (long)c.size();
    const double *cc = c.data();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) {
        const double t = x[i];
        double s = 0.0;
        for (long k = m - 1; k >= 0; --k) s = s * t + cc[k];
        y[i] = s;
    }
}
