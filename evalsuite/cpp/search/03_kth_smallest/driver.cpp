#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(double, kth_smallest, (const std::vector<double> &x, size_t k))

struct Inputs {
    std::vector<double> x;
    size_t k = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    double result = 0;
};

// About a quarter of the values come from a pool of 8 (ties around position k); k is often
// at an edge (0 or n-1).
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    double pool[8];
    for (int i = 0; i < 8; ++i) pool[i] = (double)rng.integer(-400, 400) / 4;
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = rng.integer(0, 3) == 0 ? pool[rng.integer(0, 7)] : rng.uniform(-100, 100);
    switch (rng.integer(0, 3)) {
        case 0: in->k = 0; break;
        case 1: in->k = (size_t)(n - 1); break;
        default: in->k = (size_t)rng.integer(0, n - 1);
    }
    return Data{in, 0};
}

void prepare(Data &d) { d.result = -7.77e77; }
void call_candidate(Data &d) { d.result = kth_smallest(d.in->x, d.in->k); }
void call_reference(Data &d) { d.result = kth_smallest__hpcref(d.in->x, d.in->k); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.result == want.result) return hpc::Verdict{};
    long below = 0, equal = 0;  // where the returned value would sit in the sorted order
    for (double v : want.in->x) below += v < got.result, equal += v == got.result;
    std::string why = "returned " + hpc::fmt_double(got.result) + " for k = " + std::to_string(want.in->k) +
                      ", expected " + hpc::fmt_double(want.result);
    if (equal) why += " (that value occupies sorted positions " + std::to_string(below) + ".." +
                      std::to_string(below + equal - 1) + ")";
    else why += " (not a value of x)";
    return hpc::Verdict::fail(why);
}

HPCCODER_MAIN()
