#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, smallest_k, (const std::vector<double> &x, size_t k, std::vector<double> &out))

struct Inputs {
    std::vector<double> x;
    size_t k = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> out;
};

// About a quarter of the values come from a pool of 16 (ties across the k-th position);
// k is often at an edge (0, 1, n-1, n).
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    double pool[16];
    for (int i = 0; i < 16; ++i) pool[i] = (double)rng.integer(-1000, 1000) / 4;
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = rng.integer(0, 3) == 0 ? pool[rng.integer(0, 15)] : rng.uniform(-300, 300);
    long k;
    switch (rng.integer(0, 5)) {
        case 0: k = 0; break;
        case 1: k = std::min(n, 1L); break;
        case 2: k = n; break;
        case 3: k = std::max(0L, n - 1); break;
        default: k = rng.integer(0, n);
    }
    if (n >= 10000000) k = 2000;
    in->k = (size_t)k;
    return Data{in, std::vector<double>((size_t)k)};
}

void prepare(Data &d) { hpc::poison(d.out); }
void call_candidate(Data &d) { smallest_k(d.in->x, d.in->k, d.out); }
void call_reference(Data &d) { smallest_k__hpcref(d.in->x, d.in->k, d.out); }

// out must be ascending and equal to the first k values of x sorted (unique, ties included).
// x is passed as a const reference, so it cannot have changed.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    for (size_t i = 1; i < got.out.size(); ++i)
        if (!(got.out[i - 1] <= got.out[i]))
            return hpc::Verdict::fail("out is not ascending: out[" + std::to_string(i - 1) + "] = " +
                                      hpc::fmt_double(got.out[i - 1]) + " > out[" + std::to_string(i) +
                                      "] = " + hpc::fmt_double(got.out[i]));
    hpc::Verdict v = hpc::compare(got.out, want.out, hpc::Tol{0, 0}, "out");
    if (!v.ok) v.why = "out is not the k = " + std::to_string(want.in->k) + " smallest values of x: " + v.why;
    return v;
}

HPCCODER_MAIN()
