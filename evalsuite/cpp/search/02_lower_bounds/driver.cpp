#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, lower_bounds,
                   (const std::vector<double> &sorted, const std::vector<double> &queries, std::vector<long> &pos))

struct Inputs {
    std::vector<double> sorted, queries;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long> pos;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const long range = std::max(2L, n / 2);  // multiples of 1/4 in [-range/8, range/8]: duplicates abound
    // check sizes 4 and 5: sorted is empty and every query's lower bound is 0 ("either vector may be empty");
    // check size 6: queries is empty
    const long ns = (n == 4 || n == 5) ? 0 : n, nq = n == 6 ? 0 : n;
    in->sorted.resize((size_t)ns);
    for (auto &v : in->sorted) v = (double)(rng.integer(0, range) - range / 2) / 4;
    std::sort(in->sorted.begin(), in->sorted.end());
    in->queries.resize((size_t)nq);
    for (auto &q : in->queries) {
        switch (rng.integer(0, 5)) {
            case 0: q = (double)(-range) / 4 - 1; break;  // below every value
            case 1: q = (double)range / 4 + 1; break;     // above every value
            case 2: q = (double)(rng.integer(0, range) - range / 2) / 4 + 0.125; break;  // between values
            default: q = ns ? in->sorted[rng.integer(0, ns - 1)] : 0.0;  // an exact hit (often repeated)
        }
    }
    return Data{in, std::vector<long>((size_t)nq)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.pos.size(); ++i) d.pos[i] = -77 - (long)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(lower_bounds, (const double *sorted, size_t n, const double *queries, size_t m, long *pos))

struct DeviceData {
    hpc::cuda::Array<double> sorted, queries;
    hpc::cuda::Array<long> pos;
};
void upload(const Data &d, DeviceData &g) {
    g.sorted.upload(d.in->sorted);
    g.queries.upload(d.in->queries);
    g.pos.upload(d.pos);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"m", (double)d.in->queries.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.sorted, d.in->sorted.size(), g.queries, d.in->queries.size(), g.pos);
}
void download(DeviceData &g, Data &d) { g.pos.download(d.pos); }
#else
void call_candidate(Data &d) { lower_bounds(d.in->sorted, d.in->queries, d.pos); }
#endif
void call_reference(Data &d) { lower_bounds__hpcref(d.in->sorted, d.in->queries, d.pos); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    if (got.pos.size() != want.pos.size())
        return hpc::Verdict::fail("pos has " + std::to_string(got.pos.size()) + " elements, expected " +
                                  std::to_string(want.pos.size()));
    const auto &s = want.in->sorted;
    for (size_t j = 0; j < got.pos.size(); ++j) {
        if (got.pos[j] == want.pos[j]) continue;
        std::string why = "pos[" + std::to_string(j) + "] = " + std::to_string(got.pos[j]) + ", expected " +
                          std::to_string(want.pos[j]) + " for query " + hpc::fmt_double(want.in->queries[j]);
        const long p = got.pos[j];
        if (p > 0 && p <= (long)s.size() && s[p - 1] == want.in->queries[j])
            why += " (not the first of the equal values)";
        return hpc::Verdict::fail(why);
    }
    return hpc::Verdict{};
}

HPCCODER_MAIN()
