#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, range_histogram,
                   (const std::vector<double> &x, double lo, double hi, int bins, std::vector<long> &counts))

struct Inputs {
    std::vector<double> x;
    double lo = 0, hi = 1;
    int bins = 1;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long> counts;
};

// lo an integer, w a power of two, values multiples of 1/64 of moderate size (or within
// 10000 of lo = +-1e8): every subtraction and division involved is exact in double. Many values sit exactly on a bin edge, on lo
// or on hi; about a tenth lie outside the range on either side.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    // Sizes from 1000000 (below the timing size): 3 bins, so that every thread hits the same few
    // counters all the time and unsynchronised increments are lost.
    in->bins = n >= 10000000 ? 997 : n >= 1000000 ? 3 : (int)rng.integer(1, 300);
    const double w = std::ldexp(1.0, (int)rng.integer(-3, 2));
    in->lo = (double)rng.integer(-50, 50);
    // Sizes ending in 9: lo near +-1e8, where float keeps no fraction (its spacing there is 8)
    // but double holds every value exactly.
    if (n % 10 == 9) in->lo += rng.integer(0, 1) ? 1e8 : -1e8;
    in->hi = in->lo + w * in->bins;
    in->x.resize((size_t)n);
    for (auto &v : in->x) {
        const long r = rng.integer(0, 19);
        if (r == 0) v = in->lo - (double)rng.integer(1, 640) / 64;                      // below lo
        else if (r == 1) v = in->hi + (rng.integer(0, 1) ? 0.0 : (double)rng.integer(1, 640) / 64);  // hi, above
        else if (r < 8) v = in->lo + w * (double)rng.integer(0, in->bins - 1);           // on an edge
        else if (r == 8) v = in->lo + w * (double)rng.integer(1, in->bins) - 1.0 / 64;  // just below an edge
        else v = in->lo + (double)rng.integer(0, (long)(64 * w * in->bins) - 1) / 64;   // anywhere inside
    }
    return Data{in, std::vector<long>((size_t)in->bins)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.counts.size(); ++i) d.counts[i] = -77 - (long)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(range_histogram,
                (const double *x, size_t n, double lo, double hi, int bins, unsigned long long *counts))

// The driver zeroes counts on the device before every launch (the prompt says so); the
// kernel only adds to it.
struct DeviceData {
    hpc::cuda::Array<double> x;
    hpc::cuda::Array<unsigned long long> counts;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.counts.upload(std::vector<unsigned long long>(d.counts.size(), 0));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}, {"bins", (double)d.in->bins}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, d.in->x.size(), d.in->lo, d.in->hi, d.in->bins, g.counts);
}
void download(DeviceData &g, Data &d) {
    std::vector<unsigned long long> c;
    g.counts.download(c);
    d.counts.assign(c.begin(), c.end());
}
#else
void call_candidate(Data &d) { range_histogram(d.in->x, d.in->lo, d.in->hi, d.in->bins, d.counts); }
#endif
void call_reference(Data &d) { range_histogram__hpcref(d.in->x, d.in->lo, d.in->hi, d.in->bins, d.counts); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (!same.ok) return same;
    if (got.counts.size() != want.counts.size())
        return hpc::Verdict::fail("counts has " + std::to_string(got.counts.size()) + " elements, expected " +
                                  std::to_string(want.counts.size()));
    long gsum = 0, wsum = 0;
    for (size_t b = 0; b < got.counts.size(); ++b) gsum += got.counts[b], wsum += want.counts[b];
    for (size_t b = 0; b < got.counts.size(); ++b)
        if (got.counts[b] != want.counts[b])
            return hpc::Verdict::fail("counts[" + std::to_string(b) + "] = " + std::to_string(got.counts[b]) +
                                      ", expected " + std::to_string(want.counts[b]) + " (" + std::to_string(gsum) +
                                      " values counted, expected " + std::to_string(wsum) + "; lo = " +
                                      hpc::fmt_double(want.in->lo) + ", hi = " + hpc::fmt_double(want.in->hi) + ")");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
