#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(double, logsumexp, (const std::vector<double> &x))

struct Inputs {
    std::vector<double> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    double lse = 0;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const double shift[3] = {800.0, -800.0, 0.0};
    in->x = rng.vector(n, -40, 40);
    for (auto &v : in->x) v += shift[n % 3];
    return Data{in, 0.0};
}

void prepare(Data &d) { d.lse = -7.77e77; }
void call_candidate(Data &d) { d.lse = logsumexp(d.in->x); }
void call_reference(Data &d) { d.lse = logsumexp__hpcref(d.in->x); }

// -infinity (the empty sum) must be returned exactly.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (std::isinf(want.lse) || std::isinf(got.lse)) {
        if (got.lse == want.lse) return hpc::Verdict{};
        return hpc::Verdict::fail("the result = " + hpc::fmt_double(got.lse) + ", expected " + hpc::fmt_double(want.lse));
    }
    return hpc::compare_scalar(got.lse, want.lse, tol, "the result");
}

HPCCODER_MAIN()
