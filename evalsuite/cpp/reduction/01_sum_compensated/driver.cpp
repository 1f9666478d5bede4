#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(double, accurate_sum, (const std::vector<double> &x))

struct Inputs {
    std::vector<double> x;
    double abs_sum = 0;  // sum of |x[i]|, for the tolerance
};

struct Data {
    std::shared_ptr<const Inputs> in;
    double sum = 0;
};

// n/4 pairs of large values +v, -v (|v| from 1e4 to 2e8) and small values in [-1, 1],
// shuffled: the exact sum is about the sum of the small values, which plain summation
// loses among the rounding errors of the large ones.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    std::vector<double> &x = in->x;
    x.resize((size_t)n);
    const long pairs = n / 4;
    for (long p = 0; p < pairs; ++p) {
        const double v = std::pow(10.0, rng.uniform(4, 8)) * rng.uniform(1, 2) * (rng.next() & 1 ? 1 : -1);
        x[2 * p] = v;
        x[2 * p + 1] = -v;
    }
    for (long i = 2 * pairs; i < n; ++i) x[i] = rng.uniform(-1, 1);
    for (long i = n - 1; i > 0; --i) std::swap(x[i], x[rng.integer(0, i)]);
    for (double v : x) in->abs_sum += std::fabs(v);
    return Data{in, 0.0};
}

void prepare(Data &d) { d.sum = -7.77e77; }
#ifdef HPCCODER_CUDA
// Two launches (pass 0, pass 1) with a scratch array of 2048 doubles.
HPCCODER_KERNEL(accurate_sum, (const double *x, size_t n, double *sum, double *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x, sum, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.sum.upload(std::vector<double>{d.sum});
    std::vector<double> scratch(2048);
    hpc::poison(scratch);
    g.partial.upload(scratch);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 2; ++pass) k<<<L.grid, L.block>>>(g.x, d.in->x.size(), g.sum, g.partial, pass);
}
void download(DeviceData &g, Data &d) {
    std::vector<double> v;
    g.sum.download(v);
    d.sum = v[0];
}
#else
void call_candidate(Data &d) { d.sum = accurate_sum(d.in->x); }
#endif
void call_reference(Data &d) { d.sum = accurate_sum__hpcref(d.in->x); }

// atol is scaled by n * sum |x[i]|: the accuracy that compensated summation guarantees.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    const double scale = (double)want.in->x.size() * want.in->abs_sum;
    return hpc::compare_scalar(got.sum, want.sum, hpc::Tol{tol.rtol, tol.atol * scale}, "the sum");
}

HPCCODER_MAIN()
