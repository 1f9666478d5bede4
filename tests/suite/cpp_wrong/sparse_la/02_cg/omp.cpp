// wrong: rr is never moved on to rr_new, so every step length and direction uses the first residual's norm
#include <cstddef>
#include <omp.h>
#include <vector>

void cg(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<double> &values,
        const std::vector<double> &b, std::vector<double> &x, int iterations) {
    const long N = (long)n;
    std::vector<double> r(b), p(b), q(n);
    double rr = 0.0;
#pragma omp parallel for reduction(+ : rr)
    for (long i = 0; i < N; ++i) {
        x[i] = 0.0;
        rr += r[i] * r[i];
    }
    for (int it = 0; it < iterations && rr != 0.0; ++it) {
        double pq = 0.0;
#pragma omp parallel for reduction(+ : pq) schedule(dynamic, 1024)
        for (long i = 0; i < N; ++i) {
            double s = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * p[col_idx[k]];
            q[i] = s;
            pq += p[i] * s;
        }
        const double alpha = rr / pq;
        double rr_new = 0.0;
#pragma omp parallel for reduction(+ : rr_new)
        for (long i = 0; i < N; ++i) {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
            rr_new += r[i] * r[i];
        }
        const double beta = rr_new / rr;
#pragma omp parallel for
        for (long i = 0; i < N; ++i) p[i] = r[i] + beta * p[i];
    }
}
