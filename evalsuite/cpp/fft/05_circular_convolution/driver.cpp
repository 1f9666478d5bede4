#include <complex>

#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, circular_convolution,
                   (const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &c))

using cplx = std::complex<double>;

// ---- helpers -----------------------------------
// exp(2 pi i m / n), m reduced modulo n first so that the angle is accurate for any m
static cplx unit_root(long m, long n) {
    m %= n;
    if (m < 0) m += n;
    const double a = 2.0 * M_PI * (double)m / (double)n;
    return cplx(std::cos(a), std::sin(a));
}

static double norm2(const std::vector<double> &v) {
    double s = 0;
    for (double x : v) s += x * x;
    return std::sqrt(s);
}

// |got[k] - want[k]| <= atol + rtol * scale for every k; a size change, a NaN or an infinity fails.
static hpc::Verdict compare_r(const std::vector<double> &got, const std::vector<double> &want, const hpc::Tol &tol,
                              double scale, const char *name) {
    if (got.size() != want.size())
        return hpc::Verdict::fail(std::string(name) + " has " + std::to_string(got.size()) + " elements, expected " +
                                  std::to_string(want.size()));
    const double bound = tol.atol + tol.rtol * scale;
    for (size_t k = 0; k < got.size(); ++k) {
        const double err = std::fabs(got[k] - want[k]);
        if (!std::isfinite(got[k]) || !hpc::within(err, bound))
            return hpc::Verdict::fail(std::string(name) + "[" + std::to_string(k) + "] = " + hpc::fmt_double(got[k]) +
                                      ", expected " + hpc::fmt_double(want[k]) + " (error " + hpc::fmt_double(err) +
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

// A real sequence: 0 random, 1 impulse, 2 constant, 3 cosine tone.
static std::vector<double> real_signal(hpc::Rng &rng, long n, int kind) {
    std::vector<cplx> z = signal(rng, n, kind);
    std::vector<double> v(z.size());
    for (size_t i = 0; i < z.size(); ++i) v[i] = z[i].real();
    return v;
}

struct Inputs {
    std::vector<double> a, b;
    double scale = 0;  // ||a||_2 ||b||_2, the scale of the result and of its rounding errors
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> c;  // the output
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const int ka = n == 2 ? 1 : n == 4 ? 2 : n == 8 ? 3 : n == 16 ? 2 : 0;
    const int kb = n == 4 ? 3 : n == 16 ? 1 : n == 32 ? 2 : 0;
    in->a = real_signal(rng, n, ka);
    in->b = real_signal(rng, n, kb);
    in->scale = norm2(in->a) * norm2(in->b);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.c); }
#ifdef HPCCODER_CUDA
// passes = 2 log2(n) + 1 launches (1 when n <= 1), w1 and w2 scratch arrays of n double2.
HPCCODER_KERNEL(circular_convolution, (const double *a, const double *b, double *c, size_t n, double2 *w1,
                                       double2 *w2, int pass, int passes))

struct DeviceData {
    hpc::cuda::Array<double> a, b, c;
    hpc::cuda::Array<double2> w1, w2;
};
void upload(const Data &d, DeviceData &g) {
    g.a.upload(d.in->a), g.b.upload(d.in->b), g.c.upload(d.c);
    std::vector<double2> junk(d.c.size());
    for (size_t i = 0; i < junk.size(); ++i) junk[i] = make_double2(-7.77e77 + (double)(i % 13), 7.77e77);
    g.w1.upload(junk), g.w2.upload(junk);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.c.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.c.size();
    int lg = 0;
    while (((size_t)1 << lg) < n) ++lg;
    const int passes = 2 * lg + 1;
    for (int p = 0; p < passes; ++p) k<<<L.grid, L.block>>>(g.a, g.b, g.c, n, g.w1, g.w2, p, passes);
}
void download(DeviceData &g, Data &d) { g.c.download(d.c); }
#else
void call_candidate(Data &d) { circular_convolution(d.in->a, d.in->b, d.c); }
#endif
void call_reference(Data &d) { circular_convolution__hpcref(d.in->a, d.in->b, d.c); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return compare_r(got.c, want.c, tol, want.in->scale, "c");
}

HPCCODER_MAIN()
