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
void call_candidate(Data &d) { axpy(d.in->alpha, d.in->x, d.in->y, d.z); }
void call_reference(Data &d) { axpy__hpcref(d.in->alpha, d.in->x, d.in->y, d.z); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.z, want.z, tol, "z");
}

HPCCODER_MAIN()
