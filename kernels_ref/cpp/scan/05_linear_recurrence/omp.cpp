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

// Each thread does pass 1 on its block; the blocks' maps are then applied in order to get
// the value entering each block, and each thread does pass 2.
void linear_recurrence(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &y) {
    const long n = (long)a.size();
    std::vector<double> P(omp_get_max_threads(), 1.0), Z(P.size(), 0.0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long lo = n * t / nt, hi = n * (t + 1) / nt;
        pass1(a.data(), b.data(), y.data(), lo, hi, P[t], Z[t]);
#pragma omp barrier
        double in = 0.0;
        for (int u = 0; u < t; ++u) in = P[u] * in + Z[u];
        pass2(a.data(), y.data(), lo, hi, in);
    }
}
