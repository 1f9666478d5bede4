#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, poly_eval, (const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y))

struct Inputs {
    std::vector<double> c, x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

// The number of coefficients comes from the size, so that the empty, constant and linear
// polynomials are among the check sizes: n = 0, 1, 2, 3 get 0, 1, 2, 3 coefficients, n = 5 and 6
// none, and the other sizes 4 to 40 (32 for the timing size). The leading coefficient is not 0; a sixth
// of the others are. Points: a tenth exactly 0, 1 or -1, the rest uniform in [-1.5, 1.5], so
// that values near roots (where |y| is far below sum |c_k| |x|^k) occur.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    // check sizes 5 and 6: the zero polynomial (c empty) at points that are not empty
    const long ncoef = n <= 3 ? n : n == 5 || n == 6 ? 0 : n >= 1000000 ? 32 : rng.integer(4, 40);
    in->c.resize((size_t)ncoef);
    for (long k = 0; k < ncoef; ++k) in->c[k] = rng.integer(0, 5) == 0 && k + 1 < ncoef ? 0.0 : rng.uniform(-1, 1);
    in->x.resize((size_t)n);
    for (auto &v : in->x) {
        const long r = rng.integer(0, 29);
        v = r == 0 ? 0.0 : r == 1 ? 1.0 : r == 2 ? -1.0 : rng.uniform(-1.5, 1.5);
    }
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.y); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(poly_eval, (const double *c, int ncoef, const double *x, double *y, size_t n))

struct DeviceData {
    hpc::cuda::Array<double> c, x, y;
};
void upload(const Data &d, DeviceData &g) { g.c.upload(d.in->c), g.x.upload(d.in->x), g.y.upload(d.y); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.y.size()}, {"ncoef", (double)d.in->c.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.c, (int)d.in->c.size(), g.x, g.y, d.y.size());
}
void download(DeviceData &g, Data &d) { g.y.download(d.y); }
#else
void call_candidate(Data &d) { poly_eval(d.in->c, d.in->x, d.y); }
#endif
void call_reference(Data &d) { poly_eval__hpcref(d.in->c, d.in->x, d.y); }

// The error of a backward-stable evaluation scales with sum |c_k| |x|^k (the condition of the
// sum), not with |y|, which can be tiny near a root: y[i] must lie within
// rtol * sum_k |c_k| |x[i]|^k of the reference's value.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.y.size() != want.y.size())
        return hpc::Verdict::fail("y has " + std::to_string(got.y.size()) + " elements, expected " +
                                  std::to_string(want.y.size()));
    const std::vector<double> &c = want.in->c;
    for (size_t i = 0; i < got.y.size(); ++i) {
        const double ax = std::fabs(want.in->x[i]);
        double scale = 0.0;
        for (size_t k = c.size(); k-- > 0;) scale = scale * ax + std::fabs(c[k]);
        const double g = got.y[i], w = want.y[i];
        if (!hpc::within(std::fabs(g - w), tol.atol + tol.rtol * scale))
            return hpc::Verdict::fail("y[" + std::to_string(i) + "] = " + hpc::fmt_double(g) + ", expected " +
                                      hpc::fmt_double(w) + " (x[" + std::to_string(i) + "] = " +
                                      hpc::fmt_double(want.in->x[i]) + ", " + std::to_string(c.size()) +
                                      " coefficients, allowed error " + hpc::fmt_double(tol.atol + tol.rtol * scale) +
                                      ")");
    }
    return hpc::Verdict{};
}

HPCCODER_MAIN()
