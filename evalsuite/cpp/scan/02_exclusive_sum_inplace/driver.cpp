#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, exclusive_sum_inplace, (std::vector<int64_t> & x))

struct Inputs {
    std::vector<int64_t> x0;  // the input
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int64_t> x;  // what the kernel overwrites
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x0.resize((size_t)n);
    for (auto &v : in->x0) v = rng.integer(-1000000000000L, 1000000000000L);
    return Data{in, {}};
}

void prepare(Data &d) { d.x = d.in->x0; }
#ifdef HPCCODER_CUDA
// Three launches (pass 0, 1, 2) with a scratch array of 2048 int64_t values.
HPCCODER_KERNEL(exclusive_sum_inplace, (int64_t *x, size_t n, int64_t *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<int64_t> x, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.x);
    g.partial.upload(std::vector<int64_t>(2048, (int64_t)0x5EEDBAD5EEDBADll));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 3; ++pass) k<<<L.grid, L.block>>>(g.x, d.x.size(), g.partial, pass);
}
void download(DeviceData &g, Data &d) { g.x.download(d.x); }
#else
void call_candidate(Data &d) { exclusive_sum_inplace(d.x); }
#endif
void call_reference(Data &d) { exclusive_sum_inplace__hpcref(d.x); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.x.size() != want.x.size())
        return hpc::Verdict::fail("x has " + std::to_string(got.x.size()) + " elements, expected " +
                                  std::to_string(want.x.size()));
    for (size_t i = 0; i < got.x.size(); ++i)
        if (got.x[i] != want.x[i])
            return hpc::Verdict::fail("x[" + std::to_string(i) + "] = " + std::to_string(got.x[i]) + ", expected " +
                                      std::to_string(want.x[i]));
    return hpc::Verdict{};
}

HPCCODER_MAIN()
