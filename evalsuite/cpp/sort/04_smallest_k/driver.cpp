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
// k is often at an edge (0, 1, n-1, n); at odd check sizes above 16 it is small (1 to 8), so runs
// outgrow k in a merge.
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
    if (n > 16 && n % 2 == 1) k = rng.integer(1, 8);  // odd check sizes: a few values out of many
    if (n >= 10000000) k = 2000;
    if (n == 5 || n == 6) {  // directed: large magnitudes (a sentinel like 1e9 or FLT_MAX is not larger than all)
        const double big[8] = {3e9, 2e9, 1e9, 5e9, 1e15, 1e300, -2e9, 4e38};
        for (long i = 0; i < n; ++i) in->x[i] = n == 5 ? big[i] : big[rng.integer(0, 7)];
        k = n == 5 ? 4 : n;
    }
    in->k = (size_t)k;
    return Data{in, std::vector<double>((size_t)k)};
}

void prepare(Data &d) { hpc::poison(d.out); }
#ifdef HPCCODER_CUDA
// One merge pass per launch that keeps the k smallest values of every run; the first reads x, the
// last (2 * width >= n) writes out, the others go between two scratch arrays.
HPCCODER_KERNEL(smallest_k, (const double *in, double *work_out, double *out, size_t n, size_t k, size_t width))

struct DeviceData {
    hpc::cuda::Array<double> x, wa, wb, out;  // wa, wb: scratch holding garbage
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x), g.out.upload(d.out);
    // scratch garbage smaller than every input, so a pass that reads past the kept part of a run
    // (its first min(len, k) values) goes wrong instead of meeting values that sort last
    std::vector<double> junk(d.in->x.size(), -1.0e300);
    g.wa.upload(junk), g.wb.upload(junk);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}, {"k", (double)d.in->k}}; }
void launch(Kernel kernel, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.in->x.size(), k = d.in->k;
    const double *from = g.x;
    double *to = g.wa, *other = g.wb;
    for (size_t width = 1; n > 0; width *= 2) {
        kernel<<<L.grid, L.block>>>(from, to, g.out, n, k, width);
        if (2 * width >= n) break;
        from = to;
        std::swap(to, other);
    }
}
void download(DeviceData &g, Data &d) { g.out.download(d.out); }
#else
void call_candidate(Data &d) { smallest_k(d.in->x, d.in->k, d.out); }
#endif
void call_reference(Data &d) { smallest_k__hpcref(d.in->x, d.in->k, d.out); }

// x unchanged; out must be ascending and equal to the first k values of x sorted (unique, ties included).
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (!same.ok) return same;
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
