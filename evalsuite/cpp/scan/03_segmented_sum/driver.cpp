#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, segmented_sum,
                   (const std::vector<double> &x, const std::vector<uint8_t> &head, std::vector<double> &y))

struct Inputs {
    std::vector<double> x;
    std::vector<uint8_t> head;
    std::vector<double> abs_prefix;  // sum of |x| over the segment up to i: the scale of y[i]'s errors
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

// Segment starts by n % 4 (see problem.yaml): long segments that cross block boundaries, one
// segment, single-element segments, short segments. A start flag is any nonzero byte.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x = rng.vector(n, -1, 1);
    in->head.resize((size_t)n);
    const double p[4] = {0.01, 0.0, 1.0, 1.0 / 3.0};
    for (auto &h : in->head) h = rng.uniform() < p[n % 4] ? (uint8_t)rng.integer(1, 255) : 0;
    in->abs_prefix.resize((size_t)n);
    double s = 0;
    for (long i = 0; i < n; ++i) {
        if (in->head[i]) s = 0;
        in->abs_prefix[i] = s += std::fabs(in->x[i]);
    }
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.y); }
#ifdef HPCCODER_CUDA
// Three launches (pass 0, 1, 2) with a scratch array of 2048 doubles.
HPCCODER_KERNEL(segmented_sum, (const double *x, const uint8_t *head, double *y, size_t n, double *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x, y, partial;
    hpc::cuda::Array<uint8_t> head;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.head.upload(d.in->head);
    g.y.upload(d.y);
    std::vector<double> scratch(2048);
    hpc::poison(scratch);
    g.partial.upload(scratch);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 3; ++pass) k<<<L.grid, L.block>>>(g.x, g.head, g.y, d.in->x.size(), g.partial, pass);
}
void download(DeviceData &g, Data &d) { g.y.download(d.y); }
#else
void call_candidate(Data &d) { segmented_sum(d.in->x, d.in->head, d.y); }
#endif
void call_reference(Data &d) { segmented_sum__hpcref(d.in->x, d.in->head, d.y); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.y.size() != want.y.size())
        return hpc::Verdict::fail("y has " + std::to_string(got.y.size()) + " elements, expected " +
                                  std::to_string(want.y.size()));
    for (size_t i = 0; i < got.y.size(); ++i) {
        const double g = got.y[i], w = want.y[i];
        if (!hpc::within(std::fabs(g - w), tol.atol + tol.rtol * want.in->abs_prefix[i]))
            return hpc::Verdict::fail("y[" + std::to_string(i) + "] = " + hpc::fmt_double(g) + ", expected " +
                                      hpc::fmt_double(w));
    }
    return hpc::Verdict{};
}

HPCCODER_MAIN()
