#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, inclusive_sum, (const std::vector<double> &x, std::vector<double> &y))

struct Inputs {
    std::vector<double> x;
    std::vector<double> abs_prefix;  // |x[0]| + ... + |x[i]|, the scale of y[i]'s rounding errors
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x = rng.vector(n, -1, 1);
    in->abs_prefix.resize((size_t)n);
    double s = 0;
    for (long i = 0; i < n; ++i) in->abs_prefix[i] = s += std::fabs(in->x[i]);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.y); }
#ifdef HPCCODER_CUDA
// Three launches (pass 0, 1, 2) with a scratch array of 2048 doubles.
HPCCODER_KERNEL(inclusive_sum, (const double *x, double *y, size_t n, double *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x, y, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.y.upload(d.y);
    std::vector<double> scratch(2048);
    hpc::poison(scratch);
    g.partial.upload(scratch);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 3; ++pass) k<<<L.grid, L.block>>>(g.x, g.y, d.in->x.size(), g.partial, pass);
}
void download(DeviceData &g, Data &d) { g.y.download(d.y); }
#else
void call_candidate(Data &d) { inclusive_sum(d.in->x, d.y); }
#endif
void call_reference(Data &d) { inclusive_sum__hpcref(d.in->x, d.y); }

// A prefix sum near zero is the difference of larger terms: the tolerance of y[i] is
// relative to the sum of the magnitudes it adds up, not to y[i] itself.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.y.size() != want.y.size())
        return hpc::Verdict::fail("y has " + std::to_string(got.y.size()) + " elements, expected " +
                                  std::to_string(want.y.size()));
    for (size_t i = 0; i < got.y.size(); ++i) {
        const double g = got.y[i], w = want.y[i];
        if (!hpc::within(std::fabs(g - w), tol.atol + tol.rtol * want.in->abs_prefix[i]))
            return hpc::Verdict::fail("y[" + std::to_string(i) + "] = " + hpc::fmt_double(g) + ", expected " +
                                      hpc::fmt_double(w));
    }
    return hpc::Verdict{};
}

HPCCODER_MAIN()
