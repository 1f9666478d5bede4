#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, select_greater, (const std::vector<double> &x, double threshold, std::vector<double> &out))

struct Inputs {
    std::vector<double> x;
    double threshold = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> out;
};

// Values on a grid of 0.5 (ties with the threshold are common); the threshold by n % 4.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = 0.5 * (double)rng.integer(-20, 20);
    const double thresholds[4] = {0.5 * (double)rng.integer(-2, 2), 10.0, -10.5, 8.0};
    in->threshold = thresholds[n % 4];
    return Data{in, {}};
}

// out comes in with a few poisoned elements: the kernel must resize it.
void prepare(Data &d) {
    d.out.assign(5, 0.0);
    hpc::poison(d.out);
}
void call_candidate(Data &d) { select_greater(d.in->x, d.in->threshold, d.out); }
void call_reference(Data &d) { select_greater__hpcref(d.in->x, d.in->threshold, d.out); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.out, want.out, tol, "out");
}

HPCCODER_MAIN()
