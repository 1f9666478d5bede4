#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(double, logsumexp, (const std::vector<double> &x))

struct Inputs {
    std::vector<double> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    double lse = 0;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const double shift[3] = {800.0, -800.0, 0.0};
    in->x = rng.vector(n, -40, 40);
    for (auto &v : in->x) v += shift[n % 3];
    // n / 3 % 7 == 2: x[0] lies 1000 below the others, so exp(x[i] - x[0]) overflows: the
    // largest element, not the first, must be subtracted. (Not the timing size: its n / 3 % 7 is 0.)
    if (n / 3 % 7 == 2 && n > 0) in->x[0] -= 1000.0;
    return Data{in, 0.0};
}

void prepare(Data &d) { d.lse = -7.77e77; }
#ifdef HPCCODER_CUDA
// Two launches (pass 0, pass 1) with a scratch array of 2048 doubles.
HPCCODER_KERNEL(logsumexp, (const double *x, size_t n, double *result, double *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x, result, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.result.upload(std::vector<double>{d.lse});
    std::vector<double> scratch(2048);
    hpc::poison(scratch);
    g.partial.upload(scratch);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 2; ++pass) k<<<L.grid, L.block>>>(g.x, d.in->x.size(), g.result, g.partial, pass);
}
void download(DeviceData &g, Data &d) {
    std::vector<double> v;
    g.result.download(v);
    d.lse = v[0];
}
#else
void call_candidate(Data &d) { d.lse = logsumexp(d.in->x); }
#endif
void call_reference(Data &d) { d.lse = logsumexp__hpcref(d.in->x); }

// -infinity (the empty sum) must be returned exactly.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (std::isinf(want.lse) || std::isinf(got.lse)) {
        if (got.lse == want.lse) return hpc::Verdict{};
        return hpc::Verdict::fail("the result = " + hpc::fmt_double(got.lse) + ", expected " + hpc::fmt_double(want.lse));
    }
    return hpc::compare_scalar(got.lse, want.lse, tol, "the result");
}

HPCCODER_MAIN()
