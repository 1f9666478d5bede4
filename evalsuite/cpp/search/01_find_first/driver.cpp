#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(long, find_first, (const std::vector<int> &x, int target))

struct Inputs {
    std::vector<int> x;
    int target = 0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    long result = 0;
};

// x holds values in [0, 2^30); target is a negative value (a non-negative one at check sizes 4 to 6) planted at a first position p
// (sometimes 0 or n-1) and at a few later positions, or absent in about a quarter of the runs.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->x.resize((size_t)n);
    for (auto &v : in->x) v = (int)rng.integer(0, (1L << 30) - 1);
    in->target = -(int)rng.integer(1, 1000);
    // check sizes 4 to 6 (directed): a non-negative target (0 at 4) that occurs in x
    const bool nonneg = n == 4 || n == 5 || n == 6;
    if (nonneg) in->target = n == 4 ? 0 : (int)rng.integer(0, (1L << 30) - 1);
    if (n > 0 && (rng.integer(0, 3) != 0 || nonneg)) {
        long p;
        switch (rng.integer(0, 4)) {
            case 0: p = 0; break;
            case 1: p = n - 1; break;
            default: p = rng.integer(0, n - 1);
        }
        if (n >= 10000000) p = rng.integer(n * 3 / 4, n * 19 / 20);
        in->x[p] = in->target;
        for (long extra = rng.integer(0, 5); extra > 0 && p + 1 < n; --extra)
            in->x[rng.integer(p + 1, n - 1)] = in->target;
    }
    // Check size 263001 (directed): 257 blocks, more than a block has threads, and target only at n - 1, in block 256
    // whether the blocks take contiguous chunks, tiles of 1024 or a grid-wide stride: a pass 1 that reads one block's
    // match per thread misses it (the drawn values are non-negative, target negative)
    // Check size 1180001 (directed), the same: 1024 blocks, the cap, and target only at n - 1, past 1048576 (a pass 0 that
    // reads only its block's own 1024 elements misses it), in block 1023 of contiguous chunks and block 513 of a grid-wide
    // stride (a pass 1 that reads two blocks' matches per thread misses it)
    // Check size 2031617 (directed), the same: 1024 blocks; n - 1 = 2^21 - 2^16 is the first index in block 768 or
    // later whether the blocks take contiguous chunks (1023) or tiles of 256 (768, a grid-wide stride), 512 (896), 1024
    // (960) or 2048 (992) dealt round-robin: a pass 1 that reads one, two or three blocks' matches per thread, blocks t
    // and t + 256 or t and t + 512 alike, misses it (at 1180001 tiles of 1024 put n - 1 in block 128)
    if (n == 263001 || n == 1180001 || n == 2031617) {
        for (auto &v : in->x)
            if (v == in->target) v = 1;
        in->x[(size_t)n - 1] = in->target;
    }
    return Data{in, -99};
}

void prepare(Data &d) { d.result = -99; }
#ifdef HPCCODER_CUDA
// Two launches (pass 0, pass 1) with a scratch array of 2048 long values.
HPCCODER_KERNEL(find_first, (const int *x, size_t n, int target, long *result, long *partial, int pass))

struct DeviceData {
    hpc::cuda::Array<int> x;
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
void call_candidate(Data &d) { d.result = find_first(d.in->x, d.in->target); }
#endif
void call_reference(Data &d) { d.result = find_first__hpcref(d.in->x, d.in->target); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (!same.ok) return same;
    if (got.result == want.result) return hpc::Verdict{};
    std::string why = "returned " + std::to_string(got.result) + ", expected " + std::to_string(want.result);
    const auto &x = want.in->x;
    if (got.result >= 0 && got.result < (long)x.size() && x[got.result] == want.in->target)
        why += " (an occurrence, but not the first)";
    else if (got.result != -1)
        why += " (x[i] != target there)";
    return hpc::Verdict::fail(why);
}

HPCCODER_MAIN()
