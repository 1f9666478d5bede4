#include "hpccoder_driver.hpp"

#include <limits>

HPCCODER_INTERFACE(void, min_max_index, (const std::vector<double> &x, size_t &imin, size_t &imax))

struct Inputs {
    std::vector<double> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    size_t imin = 0, imax = 0;
};

// The kind of values depends on n % 4 (see problem.yaml), so that every run has ties
// spread over the whole vector, constant vectors (infinities and +-DBL_MAX among them),
// distinct values, and extremes whose first occurrence lies in the last block rather than
// the first.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    std::vector<double> &x = in->x;
    x.resize((size_t)n);
    switch (n % 4) {
        case 0:
            for (auto &v : x) v = (double)rng.integer(-20, 20);
            break;
        case 1: {
            // By n / 4 % 6: a constant in [-5, 5], +inf, -inf, DBL_MAX, -DBL_MAX, or a mix of
            // those four extremes (many ties): a scan that starts from DBL_MAX (or lowest(), or
            // an infinity) with no index and compares strictly never takes an element.
            const double big = std::numeric_limits<double>::max(), inf = HUGE_VAL;
            const double extremes[4] = {inf, -inf, big, -big};
            const long kind = (n / 4) % 6;
            if (kind == 5) {
                for (auto &v : x) v = extremes[rng.integer(0, 3)];
            } else {
                const double c = kind == 0 ? rng.uniform(-5, 5) : extremes[kind - 1];
                for (auto &v : x) v = c;
            }
            break;
        }
        case 2:
            for (auto &v : x) v = rng.uniform(-1, 1);
            break;
        default:
            for (long i = 0; i < n; ++i) {
                const bool late = i >= 2 * n / 3;
                x[i] = (double)rng.integer(late ? -6 : -5, late ? 6 : 5);
            }
    }
    // Check size 263002 (directed; n % 4 == 2, values in [-1, 1]): 257 blocks, more than a block has threads, and the
    // only minimum and maximum at n - 1 and n - 2, in block 256 whether the blocks take contiguous chunks, tiles of
    // 1024 or a grid-wide stride: a pass 1 that reads one block's candidates per thread misses both
    if (n == 263002) x[(size_t)n - 1] = -2.0, x[(size_t)n - 2] = 2.0;
    // Check size 1051002 (directed; values in [-1, 1]): 1024 blocks, the cap; the only minimum at n - 1, past 1048576, which
    // a pass 0 that reads only its block's own 1024 elements misses, and the only maximum at 983040 = 2^20 - 2^16, in
    // block 768 or later whether the blocks take contiguous chunks (957) or tiles of 256 (768, a grid-wide stride), 512
    // (896) or 1024 (960) dealt round-robin, which a pass 1 that reads one, two or three blocks' candidates per thread
    // (blocks 2t and 2t + 1, t and t + 256, or t and t + 512) misses; with tiles of 2048 the maximum is in block 480
    // and the minimum in block 513, so a pass 1 that reads one or two misses one of them (at 700001, before, tiles of
    // 512 put the maximum in block 343 and the minimum in block 4, both read)
    if (n == 1051002) x[(size_t)n - 1] = -2.0, x[983040] = 2.0;
    return Data{in, 0, 0};
}

void prepare(Data &d) { d.imin = d.imax = (size_t)0x5EEDBADull; }
#ifdef HPCCODER_CUDA
// Two launches (pass 0, pass 1) with a scratch array of 2048 size_t values.
HPCCODER_KERNEL(min_max_index, (const double *x, size_t n, size_t *imin, size_t *imax, size_t *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x;
    hpc::cuda::Array<size_t> imin, imax, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.imin.upload(std::vector<size_t>{d.imin});
    g.imax.upload(std::vector<size_t>{d.imax});
    g.partial.upload(std::vector<size_t>(2048, (size_t)0x5EEDBADull));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 2; ++pass) k<<<L.grid, L.block>>>(g.x, d.in->x.size(), g.imin, g.imax, g.partial, pass);
}
void download(DeviceData &g, Data &d) {
    std::vector<size_t> v;
    g.imin.download(v);
    d.imin = v[0];
    g.imax.download(v);
    d.imax = v[0];
}
#else
void call_candidate(Data &d) { min_max_index(d.in->x, d.imin, d.imax); }
#endif
void call_reference(Data &d) { min_max_index__hpcref(d.in->x, d.imin, d.imax); }

static std::string show(size_t i) { return i == SIZE_MAX ? "SIZE_MAX" : std::to_string(i); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.imin != want.imin) return hpc::Verdict::fail("imin = " + show(got.imin) + ", expected " + show(want.imin));
    if (got.imax != want.imax) return hpc::Verdict::fail("imax = " + show(got.imax) + ", expected " + show(want.imax));
    return hpc::Verdict{};
}

HPCCODER_MAIN()
