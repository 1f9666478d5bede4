#include <cmath>
#include <omp.h>
#include <vector>

// Neumaier: add v to the running sum s and the rounding error of that addition to c.
static inline void add(double &s, double &c, double v) {
    const double t = s + v;
    c += std::fabs(s) >= std::fabs(v) ? (s - t) + v : (v - t) + s;
    s = t;
}

// Each thread sums a block with its own correction; the partial sums are then added in
// thread order, again with compensation, and their corrections added to the total's.
double accurate_sum(const std::vector<double> &x) {
    const long n = (long)x.size();
    std::vector<double> ps(omp_get_max_threads(), 0.0), pc(ps.size(), 0.0);
    int used = 1;
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        double s = 0.0, c = 0.0;
        for (long i = n * t / nt; i < n * (t + 1) / nt; ++i) add(s, c, x[i]);
        ps[t] = s, pc[t] = c;
        if (t == 0) used = nt;
    }
    double s = 0.0, c = 0.0;
    for (int t = 0; t < used; ++t) {
        add(s, c, ps[t]);
        c += pc[t];
    }
    return s + c;
}
