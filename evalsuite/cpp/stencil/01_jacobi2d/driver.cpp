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
    in->iterations = n > 512 ? 40 : (int)rng.integer(1, 6);
    in->u0 = rng.vector(n * n, -1, 1);
    return Data{in, {}};
}

void prepare(Data &d) { d.u = d.in->u0; }
void call_candidate(Data &d) { jacobi2d(d.u, d.in->n, d.in->iterations); }
void call_reference(Data &d) { jacobi2d__hpcref(d.u, d.in->n, d.in->iterations); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.u, want.u, tol, "u");
}

HPCCODER_MAIN()
