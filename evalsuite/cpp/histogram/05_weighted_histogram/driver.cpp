#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, weighted_histogram,
                   (const std::vector<int> &keys, const std::vector<double> &weights, int bins,
                    std::vector<double> &sums))

struct Inputs {
    std::vector<int> keys;
    std::vector<double> weights;
    int bins = 1;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> sums;
};

// Keys: a third in the lowest eighth of the bins (hot bins), the rest uniform, and about a
// fifth out of range: negative, exactly bins, or above. Weights are positive (no
// cancellation: the relative tolerance is meaningful for every bin) and span six decades.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    // Sizes ending in 9: many bins (5000 below n = 100000, 100000 from there), more than a
    // fixed-size array per thread holds.
    in->bins = n >= 10000000 ? 1000 : n % 10 == 9 ? (n < 100000 ? 5000 : 100000) : (int)rng.integer(1, 500);
    const long B = in->bins;
    in->keys.resize((size_t)n);
    in->weights.resize((size_t)n);
    for (long i = 0; i < n; ++i) {
        const long r = rng.integer(0, 99);
        in->keys[i] = (int)(r < 8    ? -rng.integer(1, 1000)
                            : r < 14 ? B
                            : r < 20 ? B + rng.integer(1, 1000)
                            : r < 50 ? rng.integer(0, (B - 1) / 8)
                                     : rng.integer(0, B - 1));
        in->weights[i] = rng.integer(0, 49) == 0 ? rng.uniform(1, 1000) : rng.uniform(0.001, 1);
    }
    return Data{in, std::vector<double>((size_t)B)};
}

void prepare(Data &d) { hpc::poison(d.sums); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(weighted_histogram, (const int *keys, const double *weights, size_t n, int bins, double *sums))

// The driver zeroes sums on the device before every launch (the prompt says so); the kernel
// only adds to it.
struct DeviceData {
    hpc::cuda::Array<int> keys;
    hpc::cuda::Array<double> weights, sums;
};
void upload(const Data &d, DeviceData &g) {
    g.keys.upload(d.in->keys), g.weights.upload(d.in->weights);
    g.sums.upload(std::vector<double>(d.sums.size(), 0.0));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->keys.size()}, {"bins", (double)d.in->bins}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.keys, g.weights, d.in->keys.size(), d.in->bins, g.sums);
}
void download(DeviceData &g, Data &d) { g.sums.download(d.sums); }
#else
void call_candidate(Data &d) { weighted_histogram(d.in->keys, d.in->weights, d.in->bins, d.sums); }
#endif
void call_reference(Data &d) { weighted_histogram__hpcref(d.in->keys, d.in->weights, d.in->bins, d.sums); }

// Relative tolerance only (atol 0 in problem.yaml): an empty bin must be exactly 0.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->keys, want.in->keys, "keys");
    if (same.ok) same = hpc::unmodified(got.in->weights, want.in->weights, "weights");
    if (!same.ok) return same;
    return hpc::compare(got.sums, want.sums, tol, "sums");
}

HPCCODER_MAIN()
