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
    in->steps = n > 100 ? 8 : (int)rng.integer(1, 6);
    in->u0 = rng.vector(n * n * n, -1, 1);
    return Data{in, {}};
}

void prepare(Data &d) { d.u = d.in->u0; }
void call_candidate(Data &d) { heat3d(d.u, d.in->n, d.in->alpha, d.in->steps); }
void call_reference(Data &d) { heat3d__hpcref(d.u, d.in->n, d.in->alpha, d.in->steps); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.u, want.u, tol, "u");
}

HPCCODER_MAIN()
