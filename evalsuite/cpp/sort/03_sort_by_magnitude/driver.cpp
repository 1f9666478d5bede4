#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, sort_by_magnitude, (std::vector<double> &x))

struct Inputs {
    std::vector<double> x0;  // the unsorted input
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> x;  // what the kernel sorts in place
};

static bool before(double a, double b) {
    const double fa = std::fabs(a), fb = std::fabs(b);
    return fa < fb || (fa == fb && a < b);
}

// Mostly multiples of 1/2 in [-R, R] (ties of equal values and of v and -v), some of them
// from a range R that grows with n so ties stay common; the rest uniform doubles.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const long R = std::max(4L, n / 8);
    in->x0.resize((size_t)n);
    for (auto &v : in->x0) {
        if (rng.integer(0, 4) == 0)
            v = rng.uniform(-(double)R, (double)R);
        else
            v = (double)rng.integer(-2 * R, 2 * R) / 2;
        if (v == 0) v = 0.0;  // no -0.0
    }
    // check sizes 5 and 6 (directed): magnitudes 1 + j * 2^-52 of either sign, equal as floats (and in the
    // top bits of a double)
    if (n == 5 || n == 6)
        for (auto &v : in->x0) v = (rng.integer(0, 1) ? -1.0 : 1.0) * (1.0 + 0x1p-52 * (double)rng.integer(0, 6));
    if (n == 5) in->x0 = {1 + 0x1p-50 + 0x1p-51, -(1 + 0x1p-50), 1 + 0x1p-51 + 0x1p-52, -(1 + 0x1p-51), 1.0};  // 1 + j * 2^-52, j descending
    return Data{in, {}};
}

void prepare(Data &d) { d.x = d.in->x0; }
#ifdef HPCCODER_CUDA
// One merge pass per launch, from in to out: runs of `width` sorted values merged pairwise into
// runs of 2 * width; the driver launches width = 1, 2, 4, ... while width < n, swapping the buffers.
HPCCODER_KERNEL(sort_by_magnitude, (const double *in, double *out, size_t n, size_t width))

struct DeviceData {
    hpc::cuda::Array<double> a, b;  // a: the input; b: poisoned, every element must be written
    bool result_in_b = false;
};
void upload(const Data &d, DeviceData &g) {
    g.a.upload(d.x);
    std::vector<double> junk(d.x.size());
    hpc::poison(junk);
    g.b.upload(junk);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.x.size();
    double *from = g.a, *to = g.b;
    for (size_t width = 1; width < n; width *= 2, std::swap(from, to)) k<<<L.grid, L.block>>>(from, to, n, width);
    g.result_in_b = from == g.b.get();
}
void download(DeviceData &g, Data &d) { (g.result_in_b ? g.b : g.a).download(d.x); }
#else
void call_candidate(Data &d) { sort_by_magnitude(d.x); }
#endif
void call_reference(Data &d) { sort_by_magnitude__hpcref(d.x); }

// The order is total, so the sorted permutation is unique: ordered and equal to the
// reference's answer means ordered and a permutation of the input.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.x.size() != want.x.size())
        return hpc::Verdict::fail("x has " + std::to_string(got.x.size()) + " elements, expected " +
                                  std::to_string(want.x.size()));
    for (size_t i = 1; i < got.x.size(); ++i)
        if (before(got.x[i], got.x[i - 1]))
            return hpc::Verdict::fail("x is out of order: x[" + std::to_string(i - 1) + "] = " +
                                      hpc::fmt_double(got.x[i - 1]) + " comes before x[" + std::to_string(i) +
                                      "] = " + hpc::fmt_double(got.x[i]) +
                                      " (smaller magnitude first; on equal magnitude the negative first)");
    hpc::Verdict v = hpc::compare(got.x, want.x, hpc::Tol{0, 0}, "x");
    if (!v.ok) v.why = "x is ordered but not a permutation of the input: " + v.why;
    return v;
}

HPCCODER_MAIN()
