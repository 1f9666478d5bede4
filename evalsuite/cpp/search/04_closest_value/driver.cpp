#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(long, closest_index, (const std::vector<double> &x, double target))

struct Inputs {
    std::vector<double> x;
    double target = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    long result = 0;
};

// Multiples of 1/2 in [-R, R] with R about n/32 (exact differences; each value repeats about
// 8 times). In 3 runs of 4 target is a multiple of 1/2 plus 1/4, so the closest values are
// target - 1/4 and target + 1/4, both present: the tie rules decide. Otherwise target is a
// multiple of 1/2, sometimes outside the range of x.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    const long R = n >= 1000000 ? (1L << 19) : std::max(2L, n / 32);
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = (double)rng.integer(-2 * R, 2 * R) / 2;
    in->target = (double)rng.integer(-2 * R - 6, 2 * R + 6) / 2;
    if (rng.integer(0, 3) != 0) {
        const double t = in->target = (double)rng.integer(-2 * R, 2 * R - 1) / 2 + 0.25;
        // Mostly put the larger of the two closest values first, so that "the first closest
        // index" is not the answer by luck.
        long below = -1, above = -1;
        for (long i = 0; i < n && (below < 0 || above < 0); ++i) {
            if (below < 0 && in->x[i] == t - 0.25) below = i;
            if (above < 0 && in->x[i] == t + 0.25) above = i;
        }
        if (below >= 0 && above >= 0 && below < above && rng.integer(0, 3) != 0)
            std::swap(in->x[below], in->x[above]);
    }
    // Check size 9001 (directed): the larger of the two closest values occurs only in the first
    // sixteenth of x, the smaller one only at 5n/8 + 1 and n - 1, so that combining the winners of
    // contiguous blocks by distance and index (or keeping the earlier block on a tie) is wrong for
    // every block count from 2 to 16, and a full tie of the later blocks goes to the smaller index.
    if (n == 9001) {
        const double t = in->target = (double)rng.integer(-2 * R + 4, 2 * R - 5) / 2 + 0.25;
        for (auto &v : in->x)
            if (v == t - 0.25 || v == t + 0.25) v += v < t ? -1.0 : 1.0;
        for (long i : {0L, n / 37, n / 19}) in->x[i] = t + 0.25;
        for (long i : {n * 5 / 8 + 1, n - 1}) in->x[i] = t - 0.25;
    }
    // Check size 263001 (directed): 257 blocks, more than a block has threads; the smaller of the two closest values
    // only at n - 1, in block 256 whether the blocks take contiguous chunks, tiles of 1024 or a grid-wide stride, the
    // larger only at 0: a pass 1 that reads one block's winner per thread answers 0
    // Check size 1180001 (directed), the same: 1024 blocks, the cap; n - 1 lies past 1048576 (a pass 0 that reads only its
    // block's own 1024 elements misses it), in block 1023 of contiguous chunks and block 513 of a grid-wide stride (a pass
    // 1 that reads two blocks' winners per thread answers 0)
    // Check size 2031617 (directed), the same: 1024 blocks; n - 1 = 2^21 - 2^16 is the first index in block 768 or
    // later whether the blocks take contiguous chunks (1023) or tiles of 256 (768, a grid-wide stride), 512 (896), 1024
    // (960) or 2048 (992) dealt round-robin: a pass 1 that reads one, two or three blocks' winners per thread, blocks t
    // and t + 256 or t and t + 512 alike, answers 0 (at 1180001 tiles of 1024 put n - 1 in block 128)
    if (n == 263001 || n == 1180001 || n == 2031617) {
        const double t = in->target = (double)rng.integer(-2 * R + 4, 2 * R - 5) / 2 + 0.25;
        for (auto &v : in->x)
            if (v == t - 0.25 || v == t + 0.25) v += v < t ? -1.0 : 1.0;
        in->x[0] = t + 0.25;
        in->x[(size_t)n - 1] = t - 0.25;
    }
    return Data{in, -99};
}

void prepare(Data &d) { d.result = -99; }
#ifdef HPCCODER_CUDA
// Two launches (pass 0, pass 1) with a scratch array of 2048 long values.
HPCCODER_KERNEL(closest_index, (const double *x, size_t n, double target, long *result, long *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<double> x;
    hpc::cuda::Array<long> result, partial;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x);
    g.result.upload(std::vector<long>{d.result});
    g.partial.upload(std::vector<long>(2048, -5550555L));
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    for (int pass = 0; pass < 2; ++pass)
        k<<<L.grid, L.block>>>(g.x, d.in->x.size(), d.in->target, g.result, g.partial, pass);
}
void download(DeviceData &g, Data &d) {
    std::vector<long> v;
    g.result.download(v);
    d.result = v[0];
}
#else
void call_candidate(Data &d) { d.result = closest_index(d.in->x, d.in->target); }
#endif
void call_reference(Data &d) { d.result = closest_index__hpcref(d.in->x, d.in->target); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (!same.ok) return same;
    if (got.result == want.result) return hpc::Verdict{};
    const auto &x = want.in->x;
    const double t = want.in->target;
    std::string why = "returned " + std::to_string(got.result) + ", expected " + std::to_string(want.result);
    if (got.result >= 0 && got.result < (long)x.size() && want.result >= 0) {
        const double g = x[got.result], w = x[want.result];
        why += " (x = " + hpc::fmt_double(g) + " vs " + hpc::fmt_double(w) + ", target " + hpc::fmt_double(t);
        if (std::fabs(g - t) > std::fabs(w - t)) why += ": not the closest)";
        else if (g != w) why += ": equally close, the smaller value wins)";
        else why += ": equal values, the smallest index wins)";
    }
    return hpc::Verdict::fail(why);
}

HPCCODER_MAIN()
