#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, heat3d, (std::vector<double> &u, size_t n, double alpha, int steps))

struct Inputs {
    size_t n = 0;
    double alpha = 0;
    int steps = 0;
    std::vector<double> u0;  // the input grid
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> u;  // what the kernel overwrites
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    in->alpha = rng.uniform(0.05, 1.0 / 6.0);
    // n = 4 (2 interior planes) has at least 2 steps: with 4 ranks, 2 of them own no plane, and a
    // halo exchanged through such a rank is only wrong from the second step on
    in->steps = n > 100 ? 8 : (int)rng.integer(n == 4 ? 2 : 1, 6);
    if (n == 5 || n == 10) in->steps = 0;  // no time steps: u comes back unchanged
    in->u0 = rng.vector(n * n * n, -1, 1);
    return Data{in, {}};
}

void prepare(Data &d) { d.u = d.in->u0; }
#ifdef HPCCODER_CUDA
// One time step per launch, from u to u_new; the driver launches it `steps` times, swapping the two.
HPCCODER_KERNEL(heat3d, (const double *u, double *u_new, size_t n, double alpha))

struct DeviceData {
    hpc::cuda::Array<double> a, b;  // both start as the input grid, so boundaries stay put in either
    bool result_in_b = false;
};
void upload(const Data &d, DeviceData &g) { g.a.upload(d.u), g.b.upload(d.u); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    double *from = g.a, *to = g.b;
    for (int s = 0; s < d.in->steps; ++s, std::swap(from, to)) k<<<L.grid, L.block>>>(from, to, d.in->n, d.in->alpha);
    g.result_in_b = from == g.b.get();
}
void download(DeviceData &g, Data &d) { (g.result_in_b ? g.b : g.a).download(d.u); }
#else
void call_candidate(Data &d) { heat3d(d.u, d.in->n, d.in->alpha, d.in->steps); }
#endif
void call_reference(Data &d) { heat3d__hpcref(d.u, d.in->n, d.in->alpha, d.in->steps); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.u, want.u, tol, "u");
}

HPCCODER_MAIN()
