#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, linear_recurrence,
                   (const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &y))

struct Inputs {
    std::vector<double> a, b;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->a = rng.vector(n, -0.99, 0.99);
    in->b = rng.vector(n, -1, 1);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.y); }
#ifdef HPCCODER_CUDA
// Three launches (pass 0, 1, 2) with a scratch array of 2048 doubles.
HPCCODER_KERNEL(linear_recurrence, (const double *a, const double *b, double *y, size_t n, double *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> a, b, y, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.a.upload(d.in->a);
    g.b.upload(d.in->b);
    g.y.upload(d.y);
    std::vector<double> scratch(2048);
    hpc::poison(scratch);
    g.partial.upload(scratch);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->a.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 3; ++pass) k<<<L.grid, L.block>>>(g.a, g.b, g.y, d.in->a.size(), g.partial, pass);
}
void download(DeviceData &g, Data &d) { g.y.download(d.y); }
#else
void call_candidate(Data &d) { linear_recurrence(d.in->a, d.in->b, d.y); }
#endif
void call_reference(Data &d) { linear_recurrence__hpcref(d.in->a, d.in->b, d.y); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.y, want.y, tol, "y");
}

HPCCODER_MAIN()
