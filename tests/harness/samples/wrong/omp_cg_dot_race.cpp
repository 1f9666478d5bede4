// data race: the hand-rolled dot-product reduction sums the per-thread partial sums with no barrier first, so it reads partials other threads have not written yet
static double dot(const std::vector<double> &a, const std::vector<double> &b) {
    const long n = (long)a.size();
    std::vector<double> partial(omp_get_max_threads(), 0.0);
    double sum = 0.0;
#pragma omp parallel
    {
        double local = 0.0;
#pragma omp for nowait
        for (long i = 0; i < n; ++i) local += a[i] * b[i];
        partial[omp_get_thread_num()] = local;
#pragma omp single
        for (double v : partial) sum += v;
    }
    return sum;
}

void cg(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, const std::vector<double> &values,
        const std::vector<double> &b, std::vector<double> &x, int iterations) {
    const long N = (long)n;
    std::vector<double> r(b), p(b), q(n);
    std::fill(x.begin(), x.end(), 0.0);
    double rr = dot(r, r);
    for (int it = 0; it < iterations && rr != 0.0; ++it) {
#pragma omp parallel for
        for (long i = 0; i < N; ++i) {
            double s = 0.0;
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) s += values[k] * p[col_idx[k]];
            q[i] = s;
        }
        const double alpha = rr / dot(p, q);
#pragma omp parallel for
        for (long i = 0; i < N; ++i) {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
        }
        const double rr_new = dot(r, r);
        const double beta = rr_new / rr;
#pragma omp parallel for
        for (long i = 0; i < N; ++i) p[i] = r[i] + beta * p[i];
        rr = rr_new;
    }
}
