#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, axpy,
                   (double alpha, const std::vector<double> &x, const std::vector<double> &y,
                    std::vector<double> &z))

struct Data {
    double alpha = 0;
    std::vector<double> x, y, z;
};

Data make(hpc::Rng &rng, long n) {
    Data d;
    d.alpha = rng.uniform(-2, 2);
    d.x = rng.vector(n, -1, 1);
    d.y = rng.vector(n, -1, 1);
    d.z.resize(n);
    return d;
}

void prepare(Data &d) { hpc::poison(d.z); }
void call_candidate(Data &d) { axpy(d.alpha, d.x, d.y, d.z); }
void call_reference(Data &d) { axpy__hpcref(d.alpha, d.x, d.y, d.z); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.z, want.z, tol, "z");
}

HPCCODER_MAIN()
