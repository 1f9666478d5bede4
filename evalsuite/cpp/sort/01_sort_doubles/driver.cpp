#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, sort_doubles, (std::vector<double> &x))

struct Inputs {
    std::vector<double> x0;  // the unsorted input
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> x;  // what the kernel sorts in place
};

// Finite values of both signs; about a quarter come from a pool of 16 values (0 included),
// so that runs of equal values appear at every size.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    double pool[16];
    for (int i = 0; i < 16; ++i) pool[i] = i == 0 ? 0.0 : (double)rng.integer(-1000, 1000) / 8;
    in->x0.resize((size_t)n);
    for (auto &v : in->x0) v = rng.integer(0, 3) == 0 ? pool[rng.integer(0, 15)] : rng.uniform(-1e3, 1e3);
    return Data{in, {}};
}

void prepare(Data &d) { d.x = d.in->x0; }
void call_candidate(Data &d) { sort_doubles(d.x); }
void call_reference(Data &d) { sort_doubles__hpcref(d.x); }

// The ascending permutation of the input is unique: being ordered and equal to the
// reference's answer means the output is ordered and a permutation of the input.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.x.size() != want.x.size())
        return hpc::Verdict::fail("x has " + std::to_string(got.x.size()) + " elements, expected " +
                                  std::to_string(want.x.size()));
    for (size_t i = 1; i < got.x.size(); ++i)
        if (!(got.x[i - 1] <= got.x[i]))
            return hpc::Verdict::fail("x is not ascending: x[" + std::to_string(i - 1) + "] = " +
                                      hpc::fmt_double(got.x[i - 1]) + " > x[" + std::to_string(i) +
                                      "] = " + hpc::fmt_double(got.x[i]));
    hpc::Verdict v = hpc::compare(got.x, want.x, hpc::Tol{0, 0}, "x");
    if (!v.ok) v.why = "x is ascending but not a permutation of the input: " + v.why;
    return v;
}

HPCCODER_MAIN()
