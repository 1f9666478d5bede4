#include <complex>

#include "hpccoder_complex.hpp"
#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, dft, (const std::vector<std::complex<double>> &x, std::vector<std::complex<double>> &X))

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
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");  // "x is not modified"
    if (!same.ok) return same;
    return compare_c(got.X, want.X, tol, max_abs(want.X), "X");
}

HPCCODER_MAIN()
