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
    // check sizes 5 and 6 (directed): values that differ only in the low bits of the mantissa (1 + j * 2^-52)
    if (n == 5 || n == 6)
        for (auto &v : in->x0) v = (rng.integer(0, 3) ? 1.0 : -1.0) * (1.0 + 0x1p-52 * (double)rng.integer(0, 6));
    if (n == 5) in->x0 = {1 + 0x1p-50 + 0x1p-51, -(1 + 0x1p-50), 1 + 0x1p-51 + 0x1p-52, -(1 + 0x1p-51), 1.0};  // 1 + j * 2^-52, j descending
    return Data{in, {}};
}

void prepare(Data &d) { d.x = d.in->x0; }
#ifdef HPCCODER_CUDA
// One step (k, j) of a bitonic sorting network per launch (see problem.yaml); p is the
// smallest power of two >= n, positions past n count as +infinity.
HPCCODER_KERNEL(sort_doubles, (double *x, size_t n, size_t p, size_t k, size_t j))

static size_t pow2_at_least(size_t n) {
    size_t p = 1;
    while (p < n) p *= 2;
    return p;
}
struct DeviceData {
    hpc::cuda::Array<double> x;
};
void upload(const Data &d, DeviceData &g) { g.x.upload(d.x); }
hpc::cuda::Vars launch_vars(const Data &d) {
    return {{"n", (double)d.x.size()}, {"p", (double)pow2_at_least(d.x.size())}};
}
void launch(Kernel kernel, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.x.size(), p = pow2_at_least(n);
    if (n <= 1) return;
    for (size_t k = 2; k <= p; k *= 2)
        for (size_t j = k / 2; j >= 1; j /= 2) kernel<<<L.grid, L.block>>>(g.x, n, p, k, j);
}
void download(DeviceData &g, Data &d) { g.x.download(d.x); }
#else
void call_candidate(Data &d) { sort_doubles(d.x); }
#endif
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
