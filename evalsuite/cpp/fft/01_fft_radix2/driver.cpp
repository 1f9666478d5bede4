#include <complex>

#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, fft, (std::vector<std::complex<double>> & x))

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
    std::vector<cplx> x0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<cplx> x;  // transformed in place
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const int kind = n == 2 ? 1 : n == 4 ? 2 : n == 8 ? 3 : n == 16 ? 4 : n == 32 ? 3 : 0;
    in->x0 = signal(rng, n, kind);
    return Data{in, {}};
}

void prepare(Data &d) { d.x = d.in->x0; }
#ifdef HPCCODER_CUDA
// One pass per launch, ping-pong between A and B; the result is in the array the last pass wrote.
HPCCODER_KERNEL(fft, (const double2 *src, double2 *dst, size_t n, int pass, int passes))

struct DeviceData {
    hpc::cuda::Array<double2> a, b;
    bool result_in_b = false;
};
static int passes_of(size_t n) {
    int p = 0;
    while (((size_t)1 << p) < n) ++p;
    return p;
}
void upload(const Data &d, DeviceData &g) {
    std::vector<double2> h(d.x.size()), junk(d.x.size());
    for (size_t i = 0; i < h.size(); ++i) {
        h[i] = make_double2(d.x[i].real(), d.x[i].imag());
        junk[i] = make_double2(-7.77e77 + (double)(i % 13), 7.77e77);
    }
    g.a.upload(h), g.b.upload(junk);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.x.size();
    const int passes = passes_of(n);
    double2 *from = g.a, *to = g.b;
    for (int p = 0; p < passes; ++p, std::swap(from, to)) k<<<L.grid, L.block>>>(from, to, n, p, passes);
    g.result_in_b = from == g.b.get();
}
void download(DeviceData &g, Data &d) {
    std::vector<double2> h;
    (g.result_in_b ? g.b : g.a).download(h);
    d.x.resize(h.size());
    for (size_t i = 0; i < h.size(); ++i) d.x[i] = cplx(h[i].x, h[i].y);
}
#else
void call_candidate(Data &d) { fft(d.x); }
#endif
void call_reference(Data &d) { fft__hpcref(d.x); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return compare_c(got.x, want.x, tol, max_abs(want.x), "x");
}

HPCCODER_MAIN()
