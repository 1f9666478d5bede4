#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, select_greater, (const std::vector<double> &x, double threshold, std::vector<double> &out))

struct Inputs {
    std::vector<double> x;
    double threshold = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> out;
};

// Values on a grid of 0.5 (ties with the threshold are common); the threshold by n % 4.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = 0.5 * (double)rng.integer(-20, 20);
    const double thresholds[4] = {0.5 * (double)rng.integer(-2, 2), 10.0, -10.5, 8.0};
    in->threshold = thresholds[n % 4];
    // n % 4 != 0 (not the timing size): about one value in 8, and the middle one, is NaN, which
    // is not greater than the threshold and is never kept.
    if (n % 4 != 0 && n > 0) {
        for (auto &v : in->x)
            if (rng.integer(0, 7) == 0) v = std::nan("");
        in->x[(size_t)n / 2] = std::nan("");
    }
    return Data{in, {}};
}

// out comes in with a few poisoned elements: the kernel must resize it.
void prepare(Data &d) {
    d.out.assign(5, 0.0);
    hpc::poison(d.out);
}
#ifdef HPCCODER_CUDA
// Three launches (pass 0, 1, 2) with a scratch array of 2048 size_t values; out has room for n.
HPCCODER_KERNEL(select_greater,
                (const double *x, size_t n, double threshold, double *out, size_t *count, size_t *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x, out;
    hpc::cuda::Array<size_t> count, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    std::vector<double> out(d.in->x.size());
    hpc::poison(out);
    g.out.upload(out);
    g.count.upload(std::vector<size_t>{(size_t)0x5EEDBADull});
    g.partial.upload(std::vector<size_t>(2048, (size_t)0x5EEDBADull));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 3; ++pass)
        k<<<L.grid, L.block>>>(g.x, d.in->x.size(), d.in->threshold, g.out, g.count, g.partial, pass);
}
// out becomes the first *count elements; a count past n becomes n + 1 poisoned elements (a wrong size).
void download(DeviceData &g, Data &d) {
    std::vector<size_t> count;
    g.count.download(count);
    g.out.download(d.out);
    if (count[0] > d.out.size()) {
        d.out.assign(d.out.size() + 1, 0.0);
        hpc::poison(d.out);
    } else {
        d.out.resize(count[0]);
    }
}
#else
void call_candidate(Data &d) { select_greater(d.in->x, d.in->threshold, d.out); }
#endif
void call_reference(Data &d) { select_greater__hpcref(d.in->x, d.in->threshold, d.out); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.out, want.out, tol, "out");
}

HPCCODER_MAIN()
