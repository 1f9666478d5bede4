#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, stable_sort_by_key, (std::vector<int> &keys, std::vector<double> &values))

struct Inputs {
    std::vector<int> keys0;
    std::vector<double> values0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> keys;  // both sorted in place
    std::vector<double> values;
};

// Keys from a small range of both signs (many ties); values random and (almost surely) distinct, so
// that any reordering of equal keys, sorting by value among them included, shows.
// Check sizes 6, 7 and 40 (directed): keys anywhere in int, INT_MIN and INT_MAX included (the prompt states no
// range), drawn from a pool of 12 so that they still repeat; at 6 both extremes twice.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const long span = rng.integer(1, 200), low = rng.integer(-100, 0);
    in->keys0.resize((size_t)n);
    in->values0.resize((size_t)n);
    const bool wide = n == 6 || n == 7 || n == 40;
    const long pool[12] = {INT32_MIN, INT32_MAX, INT32_MIN + 1, INT32_MAX - 1, -1000000000, 1000000000, 0, -1,
                           rng.integer(INT32_MIN, INT32_MAX), rng.integer(INT32_MIN, INT32_MAX), -129, 384};
    const long at6[6] = {INT32_MAX, INT32_MIN, 5, INT32_MAX, INT32_MIN, -7};
    for (long i = 0; i < n; ++i) {
        in->keys0[i] = (int)(n == 6 ? at6[i] : wide ? pool[rng.integer(0, 11)] : low + rng.integer(0, span - 1));
        in->values0[i] = rng.uniform(-1e3, 1e3);
    }
    return Data{in, {}, {}};
}

void prepare(Data &d) {
    d.keys = d.in->keys0;
    d.values = d.in->values0;
}
#ifdef HPCCODER_CUDA
// One stable merge pass per launch, from the *_in arrays to the *_out ones: runs of `width` pairs
// merged pairwise into runs of 2 * width; the driver launches width = 1, 2, 4, ... while width < n,
// swapping the buffers.
HPCCODER_KERNEL(stable_sort_by_key,
                (const int *keys_in, const double *values_in, int *keys_out, double *values_out, size_t n,
                 size_t width))

struct DeviceData {
    hpc::cuda::Array<int> ka, kb;  // a: the input; b: poisoned, every element must be written
    hpc::cuda::Array<double> va, vb;
    bool result_in_b = false;
};
void upload(const Data &d, DeviceData &g) {
    g.ka.upload(d.keys), g.va.upload(d.values);
    std::vector<int> kjunk(d.keys.size());
    for (size_t i = 0; i < kjunk.size(); ++i) kjunk[i] = -1000000007 + (int)(i % 13);
    std::vector<double> vjunk(d.values.size());
    hpc::poison(vjunk);
    g.kb.upload(kjunk), g.vb.upload(vjunk);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.keys.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.keys.size();
    int *kf = g.ka, *kt = g.kb;
    double *vf = g.va, *vt = g.vb;
    for (size_t width = 1; width < n; width *= 2, std::swap(kf, kt), std::swap(vf, vt))
        k<<<L.grid, L.block>>>(kf, vf, kt, vt, n, width);
    g.result_in_b = kf == g.kb.get();
}
void download(DeviceData &g, Data &d) {
    if (g.result_in_b) g.kb.download(d.keys), g.vb.download(d.values);
    else g.ka.download(d.keys), g.va.download(d.values);
}
#else
void call_candidate(Data &d) { stable_sort_by_key(d.keys, d.values); }
#endif
void call_reference(Data &d) { stable_sort_by_key__hpcref(d.keys, d.values); }

// The stable order is unique: the output must be ordered by key and equal the reference's.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.keys.size() != want.keys.size() || got.values.size() != want.values.size())
        return hpc::Verdict::fail("keys/values have " + std::to_string(got.keys.size()) + "/" +
                                  std::to_string(got.values.size()) + " elements, expected " +
                                  std::to_string(want.keys.size()));
    for (size_t i = 1; i < got.keys.size(); ++i)
        if (got.keys[i - 1] > got.keys[i])
            return hpc::Verdict::fail("keys are not ascending: keys[" + std::to_string(i - 1) + "] = " +
                                      std::to_string(got.keys[i - 1]) + " > keys[" + std::to_string(i) +
                                      "] = " + std::to_string(got.keys[i]));
    for (size_t i = 0; i < got.keys.size(); ++i) {
        if (got.keys[i] != want.keys[i])
            return hpc::Verdict::fail("keys are not a permutation of the input: keys[" + std::to_string(i) +
                                      "] = " + std::to_string(got.keys[i]) + ", expected " +
                                      std::to_string(want.keys[i]));
        if (got.values[i] != want.values[i])
            return hpc::Verdict::fail("values[" + std::to_string(i) + "] = " + hpc::fmt_double(got.values[i]) +
                                      ", expected " + hpc::fmt_double(want.values[i]) +
                                      " (pairs with equal keys must keep their input order, each value with its key)");
    }
    return hpc::Verdict{};
}

HPCCODER_MAIN()
