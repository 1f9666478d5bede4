#include <complex>

#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, dft, (const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &X))

using cplx = std::complex<double>;

// ---- complex helpers (the same in every fft driver) -----------------------------------
static void poison_c(std::vector<cplx> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = cplx(-7.77e77 + (double)(i % 13), 7.77e77 - (double)(i % 7));
}

// exp(2 pi i m / n), m reduced modulo n first so that the angle is accurate for any m
static cplx unit_root(long m, long n) {
    m %= n;
    if (m < 0) m += n;
    const double a = 2.0 * M_PI * (double)m / (double)n;
    return cplx(std::cos(a), std::sin(a));
}

static double max_abs(const std::vector<cplx> &v) {
    double m = 0;
    for (const cplx &z : v) m = std::max(m, std::abs(z));
    return m;
}

static std::string fmt_c(cplx z) { return "(" + hpc::fmt_double(z.real()) + ", " + hpc::fmt_double(z.imag()) + ")"; }

// |got[k] - want[k]| <= atol + rtol * scale for every k; a size change, a NaN or an infinity fails.
static hpc::Verdict compare_c(const std::vector<cplx> &got, const std::vector<cplx> &want, const hpc::Tol &tol,
                              double scale, const char *name) {
    if (got.size() != want.size())
        return hpc::Verdict::fail(std::string(name) + " has " + std::to_string(got.size()) + " elements, expected " +
                                  std::to_string(want.size()));
    const double bound = tol.atol + tol.rtol * scale;
    for (size_t k = 0; k < got.size(); ++k) {
        const double err = std::abs(got[k] - want[k]);
        if (!std::isfinite(got[k].real()) || !std::isfinite(got[k].imag()) || !(err <= bound))
            return hpc::Verdict::fail(std::string(name) + "[" + std::to_string(k) + "] = " + fmt_c(got[k]) +
                                      ", expected " + fmt_c(want[k]) + " (error " + hpc::fmt_double(err) +
                                      " > allowed " + hpc::fmt_double(bound) + ")");
    }
    return hpc::Verdict{};
}

// A signal of length n: 0 random complex, 1 impulse, 2 constant, 3 pure tone, 4 random real.
static std::vector<cplx> signal(hpc::Rng &rng, long n, int kind) {
    std::vector<cplx> x((size_t)std::max(n, 0L));
    if (n <= 0) return x;
    const cplx amp(rng.uniform(-1, 1), rng.uniform(-1, 1));
    if (kind == 1) {
        x[(size_t)rng.integer(0, n - 1)] = amp;
    } else if (kind == 2) {
        for (auto &z : x) z = amp;
    } else if (kind == 3) {
        const long f = rng.integer(0, n - 1);
        for (long j = 0; j < n; ++j) x[j] = amp * unit_root(f * j, n);
    } else {
        for (auto &z : x) z = cplx(rng.uniform(-1, 1), kind == 4 ? 0.0 : rng.uniform(-1, 1));
    }
    return x;
}
// ----------------------------------------------------------------------------------------

struct Inputs {
    std::vector<cplx> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<cplx> X;  // the output
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const int kind = n == 2 ? 1 : n == 3 ? 2 : n == 5 ? 3 : n == 6 ? 4 : n == 7 ? 1 : n == 12 ? 3 : 0;
    in->x = signal(rng, n, kind);
    return Data{in, std::vector<cplx>((size_t)n)};
}

void prepare(Data &d) { poison_c(d.X); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(dft, (const double2 *x, double2 *X, size_t n))

struct DeviceData {
    hpc::cuda::Array<double2> x, X;
};
void upload(const Data &d, DeviceData &g) {
    const std::vector<cplx> &x = d.in->x;
    std::vector<double2> h(x.size()), out(d.X.size());
    for (size_t i = 0; i < h.size(); ++i) h[i] = make_double2(x[i].real(), x[i].imag());
    for (size_t i = 0; i < out.size(); ++i) out[i] = make_double2(d.X[i].real(), d.X[i].imag());
    g.x.upload(h), g.X.upload(out);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, g.X, d.in->x.size());
}
void download(DeviceData &g, Data &d) {
    std::vector<double2> h;
    g.X.download(h);
    d.X.resize(h.size());
    for (size_t i = 0; i < h.size(); ++i) d.X[i] = cplx(h[i].x, h[i].y);
}
#else
void call_candidate(Data &d) { dft(d.in->x, d.X); }
#endif
void call_reference(Data &d) { dft__hpcref(d.in->x, d.X); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return compare_c(got.X, want.X, tol, max_abs(want.X), "X");
}

HPCCODER_MAIN()
