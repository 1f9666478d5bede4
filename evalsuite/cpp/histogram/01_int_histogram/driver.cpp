#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, int_histogram, (const std::vector<int> &x, int bins, std::vector<long> &counts))

struct Inputs {
    std::vector<int> x;
    int bins = 1;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long> counts;
};

// Skewed values: half of them in the lowest eighth of the bins (hot bins that threads
// contend for), the rest uniform; bins 0 and bins-1 appear now and then.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    // Sizes ending in 9: many bins (5000 below n = 100000, 100000 from there), more than a
    // fixed-size array per thread holds.
    // Sizes from 1000000 (below the timing size): 3 bins, so that every thread hits the same few
    // counters all the time and unsynchronised increments are lost.
    in->bins = n >= 10000000 ? 1000 : n % 10 == 9 ? (n < 100000 ? 5000 : 100000)
             : n >= 1000000 ? 3 : (int)rng.integer(1, 2000);
    const long B = in->bins;
    in->x.resize((size_t)n);
    for (auto &v : in->x) {
        const long r = rng.integer(0, 99);
        v = (int)(r < 50 ? rng.integer(0, (B - 1) / 8) : r == 50 ? B - 1 : r == 51 ? 0 : rng.integer(0, B - 1));
    }
    return Data{in, std::vector<long>((size_t)B)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.counts.size(); ++i) d.counts[i] = -77 - (long)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(int_histogram, (const int *x, size_t n, int bins, unsigned long long *counts))

// The driver zeroes counts on the device before every launch (the prompt says so); the
// kernel only adds to it. The host's poisoned counts are not uploaded.
struct DeviceData {
    hpc::cuda::Array<int> x;
    hpc::cuda::Array<unsigned long long> counts;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.counts.upload(std::vector<unsigned long long>(d.counts.size(), 0));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}, {"bins", (double)d.in->bins}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, d.in->x.size(), d.in->bins, g.counts);
}
void download(DeviceData &g, Data &d) {
    std::vector<unsigned long long> c;
    g.counts.download(c);
    d.counts.assign(c.begin(), c.end());
}
#else
void call_candidate(Data &d) { int_histogram(d.in->x, d.in->bins, d.counts); }
#endif
void call_reference(Data &d) { int_histogram__hpcref(d.in->x, d.in->bins, d.counts); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (!same.ok) return same;
    if (got.counts.size() != want.counts.size())
        return hpc::Verdict::fail("counts has " + std::to_string(got.counts.size()) + " elements, expected " +
                                  std::to_string(want.counts.size()));
    long total = 0;
    for (long c : got.counts) total += c;
    for (size_t b = 0; b < got.counts.size(); ++b)
        if (got.counts[b] != want.counts[b])
            return hpc::Verdict::fail("counts[" + std::to_string(b) + "] = " + std::to_string(got.counts[b]) +
                                      ", expected " + std::to_string(want.counts[b]) + " (the counts add up to " +
                                      std::to_string(total) + " for " + std::to_string(want.in->x.size()) +
                                      " values)");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
