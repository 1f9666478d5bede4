#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, jacobi2d, (std::vector<double> &u, size_t n, int iterations))

struct Inputs {
    size_t n = 0;
    int iterations = 0;
    std::vector<double> u0;  // the input grid
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> u;  // what the kernel overwrites
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    // n = 4 (2 interior rows) has at least 2 sweeps: with 4 ranks, 2 of them own no row, and a halo
    // exchanged through such a rank is only wrong from the second sweep on
    in->iterations = n > 512 ? 40 : (int)rng.integer(n == 4 ? 2 : 1, 6);
    if (n == 5 || n == 33) in->iterations = 0;  // no sweeps: u comes back unchanged
    in->u0 = rng.vector(n * n, -1, 1);
    return Data{in, {}};
}

void prepare(Data &d) { d.u = d.in->u0; }
#ifdef HPCCODER_CUDA
// One sweep per launch, from u to u_new; the driver launches it `iterations` times, swapping the two.
HPCCODER_KERNEL(jacobi2d, (const double *u, double *u_new, size_t n))

struct DeviceData {
    hpc::cuda::Array<double> a, b;  // both start as the input grid, so boundaries stay put in either
    bool result_in_b = false;
};
void upload(const Data &d, DeviceData &g) { g.a.upload(d.u), g.b.upload(d.u); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    double *from = g.a, *to = g.b;
    for (int it = 0; it < d.in->iterations; ++it, std::swap(from, to)) k<<<L.grid, L.block>>>(from, to, d.in->n);
    g.result_in_b = from == g.b.get();
}
void download(DeviceData &g, Data &d) { (g.result_in_b ? g.b : g.a).download(d.u); }
#else
void call_candidate(Data &d) { jacobi2d(d.u, d.in->n, d.in->iterations); }
#endif
void call_reference(Data &d) { jacobi2d__hpcref(d.u, d.in->n, d.in->iterations); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.u, want.u, tol, "u");
}

HPCCODER_MAIN()
