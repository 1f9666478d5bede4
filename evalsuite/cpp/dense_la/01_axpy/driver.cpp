#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, axpy,
                   (double alpha, const std::vector<double> &x, const std::vector<double> &y,
                    std::vector<double> &z))

struct Inputs {
    double alpha = 0;
    std::vector<double> x, y;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> z;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->alpha = rng.uniform(-2, 2);
    in->x = rng.vector(n, -1, 1);
    in->y = rng.vector(n, -1, 1);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.z); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(axpy, (double alpha, const double *x, const double *y, double *z, size_t n))

struct DeviceData {
    hpc::cuda::Array<double> x, y, z;
};
void upload(const Data &d, DeviceData &g) { g.x.upload(d.in->x), g.y.upload(d.in->y), g.z.upload(d.z); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.z.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(d.in->alpha, g.x, g.y, g.z, d.z.size());
}
void download(DeviceData &g, Data &d) { g.z.download(d.z); }
#else
void call_candidate(Data &d) { axpy(d.in->alpha, d.in->x, d.in->y, d.z); }
#endif
void call_reference(Data &d) { axpy__hpcref(d.in->alpha, d.in->x, d.in->y, d.z); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.z, want.z, tol, "z");
}

HPCCODER_MAIN()
