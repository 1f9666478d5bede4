#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, stable_ranks, (const std::vector<double> &x, std::vector<int> &rank))

struct Inputs {
    std::vector<double> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> rank;
};

// About half of the values come from a pool of 32 (long runs of ties), the rest are uniform.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    double pool[32];
    for (int i = 0; i < 32; ++i) pool[i] = (double)rng.integer(-500, 500) / 2;
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = rng.integer(0, 1) == 0 ? pool[rng.integer(0, 31)] : rng.uniform(-250, 250);
    // check sizes 5 and 6 (directed): 1 + j * 2^-52 and -1 - j * 2^-52, close doubles that are equal as floats
    if (n == 5 || n == 6)
        for (auto &v : in->x) v = (rng.integer(0, 1) ? -1.0 : 1.0) * (1.0 + 0x1p-52 * (double)rng.integer(0, 6));
    if (n == 5) in->x = {1 + 0x1p-50 + 0x1p-51, -(1 + 0x1p-50), 1 + 0x1p-51 + 0x1p-52, -(1 + 0x1p-51), 1.0};  // 1 + j * 2^-52, j descending
    return Data{in, std::vector<int>((size_t)n)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.rank.size(); ++i) d.rank[i] = -77 - (int)(i % 13);
}
#ifdef HPCCODER_CUDA
// One stable merge pass of an index order per launch, from order_in to order_out; the last pass
// (2 * width >= n) writes rank. The driver starts from the identity order and launches width = 1,
// 2, 4, ..., swapping the two order arrays.
HPCCODER_KERNEL(stable_ranks, (const double *x, const int *order_in, int *order_out, int *rank, size_t n, size_t width))

struct DeviceData {
    hpc::cuda::Array<double> x;
    hpc::cuda::Array<int> oa, ob, rank;  // oa: the identity; ob and rank poisoned
};
void upload(const Data &d, DeviceData &g) {
    const size_t n = d.in->x.size();
    g.x.upload(d.in->x), g.rank.upload(d.rank);
    std::vector<int> order(n), junk(n);
    for (size_t i = 0; i < n; ++i) order[i] = (int)i, junk[i] = -1000000007 + (int)(i % 13);
    g.oa.upload(order), g.ob.upload(junk);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.in->x.size();
    int *from = g.oa, *to = g.ob;
    for (size_t width = 1; n > 0; width *= 2, std::swap(from, to)) {
        k<<<L.grid, L.block>>>(g.x, from, to, g.rank, n, width);
        if (2 * width >= n) break;
    }
}
void download(DeviceData &g, Data &d) { g.rank.download(d.rank); }
#else
void call_candidate(Data &d) { stable_ranks(d.in->x, d.rank); }
#endif
void call_reference(Data &d) { stable_ranks__hpcref(d.in->x, d.rank); }

// The stable ranks are unique. Besides equality with the reference, say what kind of error it
// is: out of range, a repeated rank (ties not split), or a wrong order.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (!same.ok) return same;
    const size_t n = want.rank.size();
    if (got.rank.size() != n)
        return hpc::Verdict::fail("rank has " + std::to_string(got.rank.size()) + " elements, expected " +
                                  std::to_string(n));
    std::vector<char> seen(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const int r = got.rank[i];
        if (r < 0 || (size_t)r >= n)
            return hpc::Verdict::fail("rank[" + std::to_string(i) + "] = " + std::to_string(r) +
                                      " is not in 0.." + std::to_string((long)n - 1));
        if (seen[r]++)
            return hpc::Verdict::fail("rank " + std::to_string(r) + " is given twice (rank[" + std::to_string(i) +
                                      "]): rank must be a permutation of 0..n-1, equal values included");
    }
    for (size_t i = 0; i < n; ++i)
        if (got.rank[i] != want.rank[i])
            return hpc::Verdict::fail("rank[" + std::to_string(i) + "] = " + std::to_string(got.rank[i]) +
                                      ", expected " + std::to_string(want.rank[i]) + " (x[i] = " +
                                      hpc::fmt_double(want.in->x[i]) + ")");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
