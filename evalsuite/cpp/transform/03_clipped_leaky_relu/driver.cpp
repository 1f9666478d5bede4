#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, clipped_leaky_relu,
                   (const std::vector<double> &x, double alpha, double cap, std::vector<double> &y))

struct Inputs {
    std::vector<double> x;
    double alpha = 0.1, cap = 6;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

// Values spread over [-3 cap, 3 cap], with the special values where a wrong comparison or
// std::fmax / std::fmin (which drop NaNs) shows: 0, -0, cap, NaN, +inf, -inf.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->alpha = rng.uniform(0.01, 0.99);
    in->cap = rng.uniform(0.5, 10);
    const double cap = in->cap;
    in->x.resize((size_t)n);
    for (auto &v : in->x) {
        const long r = rng.integer(0, 31);
        v = r == 0   ? 0.0
            : r == 1 ? -0.0
            : r == 2 ? cap
            : r == 3 ? std::nan("")
            : r == 4 ? HUGE_VAL
            : r == 5 ? -HUGE_VAL
                     : rng.uniform(-3 * cap, 3 * cap);
    }
    if (n == 5) {  // directed: zeros of both signs, and negatives so small that alpha * x is -0 (alpha < 0.5)
        in->alpha = 0.25;
        in->x = {-0.0, -4.9406564584124654e-324, 0.0, -1e-310, -0.0};
    }
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.y); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(clipped_leaky_relu, (const double *x, double alpha, double cap, double *y, size_t n))

struct DeviceData {
    hpc::cuda::Array<double> x, y;
};
void upload(const Data &d, DeviceData &g) { g.x.upload(d.in->x), g.y.upload(d.y); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.y.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, d.in->alpha, d.in->cap, g.y, d.y.size());
}
void download(DeviceData &g, Data &d) { g.y.download(d.y); }
#else
void call_candidate(Data &d) { clipped_leaky_relu(d.in->x, d.in->alpha, d.in->cap, d.y); }
#endif
void call_reference(Data &d) { clipped_leaky_relu__hpcref(d.in->x, d.in->alpha, d.in->cap, d.y); }

// Exact (the sign of a zero included), a NaN only where a NaN is expected, and the input named on a
// mismatch.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.y.size() != want.y.size())
        return hpc::Verdict::fail("y has " + std::to_string(got.y.size()) + " elements, expected " +
                                  std::to_string(want.y.size()));
    for (size_t i = 0; i < got.y.size(); ++i) {
        const double g = got.y[i], w = want.y[i];
        // the sign of a zero counts: x = -0 gives y = -0 (0 <= x <= cap), and so does alpha * x where it underflows
        if (std::isnan(w) ? !std::isnan(g) : !(g == w) || std::signbit(g) != std::signbit(w))
            return hpc::Verdict::fail("y[" + std::to_string(i) + "] = " + hpc::fmt_double(g) + ", expected " +
                                      hpc::fmt_double(w) + " (x[" + std::to_string(i) + "] = " +
                                      hpc::fmt_double(want.in->x[i]) + ", alpha = " + hpc::fmt_double(want.in->alpha) +
                                      ", cap = " + hpc::fmt_double(want.in->cap) + ")");
    }
    return hpc::Verdict{};
}

HPCCODER_MAIN()
