#include <complex>

#include "hpccoder_complex.hpp"
#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, ifft, (const std::vector<std::complex<double>> &X, std::vector<std::complex<double>> &x))

struct Inputs {
    std::vector<cplx> X;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<cplx> x;  // the output
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const int kind = n == 2 ? 1 : n == 4 ? 2 : n == 8 ? 3 : n == 16 ? 4 : n == 32 ? 3 : 0;
    in->X = signal(rng, n, kind);
    return Data{in, std::vector<cplx>((size_t)n)};
}

void prepare(Data &d) { poison_c(d.x); }
#ifdef HPCCODER_CUDA
// One pass per launch, ping-pong between A and B; the result is in the array the last pass wrote.
HPCCODER_KERNEL(ifft, (const double2 *src, double2 *dst, size_t n, int pass, int passes))

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
    const std::vector<cplx> &X = d.in->X;
    std::vector<double2> h(X.size()), junk(X.size());
    for (size_t i = 0; i < h.size(); ++i) {
        h[i] = make_double2(X[i].real(), X[i].imag());
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
void call_candidate(Data &d) { ifft(d.in->X, d.x); }
#endif
void call_reference(Data &d) { ifft__hpcref(d.in->X, d.x); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return compare_c(got.x, want.x, tol, max_abs(want.x), "x");
}

HPCCODER_MAIN()
