#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(long, find_first, (const std::vector<int> &x, int target))

struct Inputs {
    std::vector<int> x;
    int target = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    long result = 0;
};

// x holds values in [0, 2^30); target is a negative value planted at a first position p
// (sometimes 0 or n-1) and at a few later positions, or absent in about a quarter of the runs.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = (int)rng.integer(0, (1L << 30) - 1);
    in->target = -(int)rng.integer(1, 1000);
    if (n > 0 && rng.integer(0, 3) != 0) {
        long p;
        switch (rng.integer(0, 4)) {
            case 0: p = 0; break;
            case 1: p = n - 1; break;
            default: p = rng.integer(0, n - 1);
        }
        if (n >= 10000000) p = rng.integer(n * 3 / 4, n * 19 / 20);
        in->x[p] = in->target;
        for (long extra = rng.integer(0, 5); extra > 0 && p + 1 < n; --extra)
            in->x[rng.integer(p + 1, n - 1)] = in->target;
    }
    return Data{in, -99};
}

void prepare(Data &d) { d.result = -99; }
void call_candidate(Data &d) { d.result = find_first(d.in->x, d.in->target); }
void call_reference(Data &d) { d.result = find_first__hpcref(d.in->x, d.in->target); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.result == want.result) return hpc::Verdict{};
    std::string why = "returned " + std::to_string(got.result) + ", expected " + std::to_string(want.result);
    const auto &x = want.in->x;
    if (got.result >= 0 && got.result < (long)x.size() && x[got.result] == want.in->target)
        why += " (an occurrence, but not the first)";
    else if (got.result != -1)
        why += " (x[i] != target there)";
    return hpc::Verdict::fail(why);
}

HPCCODER_MAIN()
