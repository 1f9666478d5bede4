// wrong: runs the first iteration unconditionally (do-while): iterations = 0 still takes a step, and b = 0 (rr == 0) divides 0 by 0 instead of returning x = 0
#include <vector>
#include <cstddef>
static double dot(const std::vector<double> &a, const std::vector<double> &b) {
    double s = 0.0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}
void cg(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<double> &values,
        const std::vector<double> &b, std::vector<double> &x, int iterations) {
    std::vector<double> r(b), p(b), q(n);
    for (size_t i = 0; i < n; ++i) x[i] = 0.0;
    if (n == 0) return;
    double rr = dot(r, r);
    int it = 0;
    do {
        for (size_t i = 0; i < n; ++i) {
            double s = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * p[col_idx[k]];
            q[i] = s;
        }
        const double alpha = rr / dot(p, q);
        for (size_t i = 0; i < n; ++i) { x[i] += alpha * p[i]; r[i] -= alpha * q[i]; }
        const double rr_new = dot(r, r);
        const double beta = rr_new / rr;
        for (size_t i = 0; i < n; ++i) p[i] = r[i] + beta * p[i];
        rr = rr_new;
    } while (++it < iterations && rr != 0.0);
}
