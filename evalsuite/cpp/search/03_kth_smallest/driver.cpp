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
    if (n == 4 || n == 5 || n == 6) {  // directed: values that a float does not tell apart (1 + j * 1e-10)
        const double at4[4] = {1.0000000002, 1.0000000001, 1.0000000003, 1.0};
        for (long i = 0; i < n; ++i) in->x[i] = n == 4 ? at4[i] : 1.0 + 1e-10 * (double)rng.integer(0, 20);
        if (n == 4) in->k = 1;
        if (n == 6) {  // distinct negative ones (-1 - j * 1e-10), k = 0: the most negative
            for (long i = 0; i < n; ++i) in->x[i] = -(1.0 + 1e-10 * (double)(3 * ((i * 5) % 6) + rng.integer(0, 2)));
            in->k = 0;
        }
    }
    // Check size 1050003 (directed): 1024 blocks, the cap; k = 0 and the only minimum at n - 1, past 1048576, which a
    // histogram pass that reads only its block's own 1024 elements never counts
    if (n == 1050003) in->x[(size_t)n - 1] = -1000.0, in->k = 0;
    return Data{in, 0};
}

void prepare(Data &d) { d.result = -7.77e77; }
#ifdef HPCCODER_CUDA
// Sixteen launches (pass 0 .. 15) with a scratch array of 4096 unsigned long long, zero before the first.
HPCCODER_KERNEL(kth_smallest,
                (const double *x, size_t n, size_t k, double *result, unsigned long long *scratch, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x, result;
    hpc::cuda::Array<unsigned long long> scratch;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.result.upload(std::vector<double>{d.result});
    g.scratch.upload(std::vector<unsigned long long>(4096, 0));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel kernel, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 16; ++pass)
        kernel<<<L.grid, L.block>>>(g.x, d.in->x.size(), d.in->k, g.result, g.scratch, pass);
}
void download(DeviceData &g, Data &d) {
    std::vector<double> v;
    g.result.download(v);
    d.result = v[0];
}
#else
void call_candidate(Data &d) { d.result = kth_smallest(d.in->x, d.in->k); }
#endif
void call_reference(Data &d) { d.result = kth_smallest__hpcref(d.in->x, d.in->k); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (!same.ok) return same;
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
