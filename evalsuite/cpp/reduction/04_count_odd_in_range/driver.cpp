#include <climits>

#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(size_t, count_odd_in_range, (const std::vector<int> &x, int lo, int hi))

struct Inputs {
    std::vector<int> x;
    int lo = 0, hi = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    size_t count = 0;
};

// Values mostly in [-1000, 1000] (negative odd values are common), with one in 50 an int
// extreme. The range depends on n % 3: 0, empty (lo > hi); 1, all of int (where
// computations like hi - lo overflow); 2, random ends in [-1100, 1100].
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x.resize((size_t)n);
    const int extremes[3] = {INT_MIN, INT_MAX, INT_MIN + 1};
    for (auto &v : in->x) v = rng.integer(0, 49) == 0 ? extremes[rng.integer(0, 2)] : (int)rng.integer(-1000, 1000);
    const long kind = n % 3;
    if (kind == 0) {
        in->lo = (int)rng.integer(-1000, 1000);
        in->hi = in->lo - (int)rng.integer(1, 50);
    } else if (kind == 1) {
        in->lo = INT_MIN, in->hi = INT_MAX;
    } else {
        in->lo = (int)rng.integer(-1100, 1100);
        in->hi = (int)rng.integer(in->lo, 1100);
    }
    return Data{in, 0};
}

void prepare(Data &d) { d.count = (size_t)0x5EEDBADull; }
#ifdef HPCCODER_CUDA
// Two launches (pass 0, pass 1) with a scratch array of 2048 size_t values.
HPCCODER_KERNEL(count_odd_in_range, (const int *x, size_t n, int lo, int hi, size_t *count, size_t *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<int> x;
    hpc::cuda::Array<size_t> count, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.count.upload(std::vector<size_t>{d.count});
    g.partial.upload(std::vector<size_t>(2048, (size_t)0x5EEDBADull));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 2; ++pass)
        k<<<L.grid, L.block>>>(g.x, d.in->x.size(), d.in->lo, d.in->hi, g.count, g.partial, pass);
}
void download(DeviceData &g, Data &d) {
    std::vector<size_t> v;
    g.count.download(v);
    d.count = v[0];
}
#else
void call_candidate(Data &d) { d.count = count_odd_in_range(d.in->x, d.in->lo, d.in->hi); }
#endif
void call_reference(Data &d) { d.count = count_odd_in_range__hpcref(d.in->x, d.in->lo, d.in->hi); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.count != want.count)
        return hpc::Verdict::fail("count = " + std::to_string(got.count) + ", expected " + std::to_string(want.count) +
                                  " (lo = " + std::to_string(want.in->lo) + ", hi = " + std::to_string(want.in->hi) +
                                  ")");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
