#include <climits>

#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(long, closest_pair, (const std::vector<int> &x, const std::vector<int> &y))

struct Inputs {
    std::vector<int> x, y;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    long best = 0;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    Inputs &d = *in;
    const long C = 1000000000;
    if (n > 1000000) {  // the timing input: x steps of 0 to 2, y anywhere, made in sorted order
        long px = -C;
        for (long i = 0; i < n; ++i) {
            px += rng.integer(0, 2);
            d.x.push_back((int)px), d.y.push_back((int)rng.integer(-C, C));
        }
        for (long i = 1; i < n; ++i)  // equal x: by y (runs of equal x are short)
            for (long j = i; j > 0 && d.x[j - 1] == d.x[j] && d.y[j - 1] > d.y[j]; --j) std::swap(d.y[j - 1], d.y[j]);
        return Data{in, 0};
    }
    const long kind = n % 4 == 2 && n > 1002 ? 0 : n % 4;
    const long G = rng.integer(1, 1000), ox = rng.integer(-1000000, 1000000), oy = rng.integer(-1000000, 1000000);
    long dx = rng.integer(-900000, 900000), dy = rng.integer(-900000, 900000);
    const long steep = rng.integer(0, 3);
    if (steep == 0) dx = 0, dy = dy ? dy : 1;  // vertical
    else if (steep == 1) dx = rng.integer(-2, 2), dy = dy ? dy : 7;  // steep or vertical
    std::vector<std::pair<int, int>> pts;
    for (long i = 0; i < n; ++i) {
        long px, py;
        if (kind == 0) px = ox + rng.integer(0, G), py = oy + rng.integer(0, G);
        else if (kind == 1) px = rng.integer(-C, C), py = rng.integer(-C, C);
        else if (kind == 2) {
            const long t = rng.integer(-1000, 1000);
            px = ox + t * dx, py = oy + t * dy;
        } else px = ox, py = oy;
        if (n == 40 || n == 41) {  // directed: n-1 points on one vertical line, spaced `step`, and one point just
            // right of the line near its lowest point: the closest pair is n-1 places apart in sorted order
            const long step = n == 40 ? 1000 : 1000 + (G % 97);
            if (i + 1 < n) px = ox, py = oy + i * step;
            else px = ox + 1, py = oy + step / 2 - (n == 41 ? (long)(G % 7) : 0);
        }
        pts.push_back({(int)px, (int)py});
    }
    std::sort(pts.begin(), pts.end());
    for (auto &p : pts) d.x.push_back(p.first), d.y.push_back(p.second);
    return Data{in, 0};
}

void prepare(Data &d) { d.best = -777; }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(closest_pair, (const int *x, const int *y, size_t n, long long *best))

struct DeviceData {
    hpc::cuda::Array<int> x, y;
    hpc::cuda::Array<long long> best;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x), g.y.upload(d.in->y);
    g.best.upload(std::vector<long long>{LLONG_MAX});
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, g.y, d.in->x.size(), g.best);
}
void download(DeviceData &g, Data &d) {
    std::vector<long long> b;
    g.best.download(b);
    d.best = (long)b[0];
}
#else
void call_candidate(Data &d) { d.best = closest_pair(d.in->x, d.in->y); }
#endif
void call_reference(Data &d) { d.best = closest_pair__hpcref(d.in->x, d.in->y); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (same.ok) same = hpc::unmodified(got.in->y, want.in->y, "y");
    if (!same.ok) return same;
    if (got.best != want.best)
        return hpc::Verdict::fail("returned " + std::to_string(got.best) + ", expected " + std::to_string(want.best) +
                                  " (n = " + std::to_string(want.in->x.size()) + ")");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
