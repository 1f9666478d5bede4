#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(double, norm2, (const std::vector<double> &x))

struct Inputs {
    std::vector<double> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    double norm = 0;
};

// Magnitudes 10^e with e uniform in a range chosen by n % 3 (see problem.yaml), random signs.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const double lo[3] = {150, -300, -100}, hi[3] = {300, -150, 100};
    const int regime = (int)(n % 3);
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = std::pow(10.0, rng.uniform(lo[regime], hi[regime])) * (rng.next() & 1 ? 1 : -1);
    return Data{in, 0.0};
}

void prepare(Data &d) { d.norm = -7.77e77; }
void call_candidate(Data &d) { d.norm = norm2(d.in->x); }
void call_reference(Data &d) { d.norm = norm2__hpcref(d.in->x); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare_scalar(got.norm, want.norm, tol, "the norm");
}

HPCCODER_MAIN()
