#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, point_in_polygon,
                   (const std::vector<int> &px, const std::vector<int> &py, const std::vector<int> &qx,
                    const std::vector<int> &qy, std::vector<int> &where))

struct Inputs {
    std::vector<int> px, py, qx, qy;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> where;
};

static long gcd_long(long a, long b) {
    a = a < 0 ? -a : a, b = b < 0 ? -b : b;
    while (b) a %= b, std::swap(a, b);
    return a;
}

// A star-shaped polygon around (cx, cy): random points of the square of half-side R sorted by
// angle (exactly, with integers), one point per angle, plus the four axis points so that no
// angular gap reaches pi: the polygon is simple.
static void star(hpc::Rng &rng, long m0, long R, long cx, long cy, std::vector<long> &vx, std::vector<long> &vy) {
    struct P {
        long x, y;  // relative to the centre, never (0, 0)
    };
    std::vector<P> pts = {{R, 0}, {0, R}, {-R, 0}, {0, -R}};
    while ((long)pts.size() < m0 + 4) {
        P p{rng.integer(-R, R), rng.integer(-R, R)};
        if (p.x || p.y) pts.push_back(p);
    }
    auto half = [](const P &p) { return p.y < 0 || (p.y == 0 && p.x < 0); };
    auto same_angle = [&](const P &a, const P &b) { return half(a) == half(b) && a.x * b.y - a.y * b.x == 0; };
    std::sort(pts.begin(), pts.end(), [&](const P &a, const P &b) {
        if (half(a) != half(b)) return half(a) < half(b);
        long c = a.x * b.y - a.y * b.x;
        if (c != 0) return c > 0;
        return a.x * a.x + a.y * a.y < b.x * b.x + b.y * b.y;
    });
    pts.erase(std::unique(pts.begin(), pts.end(), same_angle), pts.end());
    for (auto &p : pts) vx.push_back(cx + p.x), vy.push_back(cy + p.y);
}

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    std::vector<long> vx, vy;
    const long kind = n >= 20000 ? 3 : n % 3;
    if (kind == 0 || kind == 3) {
        const long R = kind == 3 ? 900000 : rng.integer(0, 1) ? rng.integer(3, 30) : rng.integer(1000, 900000);
        star(rng, kind == 3 ? 2000 : rng.integer(0, 200), R, rng.integer(-1000, 1000), rng.integer(-1000, 1000), vx, vy);
    } else if (kind == 1) {  // bars of heights h[j] on [j, j+1], counter-clockwise; then shifted, scaled, mirrored
        const long w = rng.integer(1, 12), s = rng.integer(1, 3), ox = rng.integer(-5, 5), oy = rng.integer(-5, 5);
        std::vector<long> h((size_t)w);
        for (auto &v : h) v = rng.integer(1, 6);
        auto add = [&](long x, long y) {
            if (vx.empty() || vx.back() != x || vy.back() != y) vx.push_back(x), vy.push_back(y);
        };
        add(0, 0), add(w, 0);
        for (long j = w - 1; j >= 0; --j) add(j + 1, h[j]), add(j, h[j]);
        const long flip = rng.integer(0, 1) ? -1 : 1;
        for (size_t k = 0; k < vx.size(); ++k) vx[k] = ox + s * vx[k], vy[k] = oy + flip * s * vy[k];
    } else {  // a triangle
        long c;
        do {
            vx.assign(3, 0), vy.assign(3, 0);
            for (int k = 0; k < 3; ++k) vx[k] = rng.integer(-8, 8), vy[k] = rng.integer(-8, 8);
            c = (vx[1] - vx[0]) * (vy[2] - vy[0]) - (vy[1] - vy[0]) * (vx[2] - vx[0]);
        } while (c == 0);
    }
    // either orientation, any starting vertex
    if (rng.integer(0, 1)) std::reverse(vx.begin(), vx.end()), std::reverse(vy.begin(), vy.end());
    const long m = (long)vx.size(), r = rng.integer(0, m - 1);
    std::rotate(vx.begin(), vx.begin() + r, vx.end());
    std::rotate(vy.begin(), vy.begin() + r, vy.end());
    Inputs &d = *in;
    for (long k = 0; k < m; ++k) d.px.push_back((int)vx[k]), d.py.push_back((int)vy[k]);
    // queries: vertices, lattice points on edges, points level with or next to a vertex, anywhere in the box
    const long x0 = *std::min_element(vx.begin(), vx.end()) - 2, x1 = *std::max_element(vx.begin(), vx.end()) + 2;
    const long y0 = *std::min_element(vy.begin(), vy.end()) - 2, y1 = *std::max_element(vy.begin(), vy.end()) + 2;
    for (long i = 0; i < n; ++i) {
        const long how = rng.integer(0, 7), k = rng.integer(0, m - 1), k2 = (k + 1) % m;
        long x = rng.integer(x0, x1), y = rng.integer(y0, y1);
        if (how == 0) {
            x = vx[k], y = vy[k];
        } else if (how == 1 || how == 2) {
            const long g = gcd_long(vx[k2] - vx[k], vy[k2] - vy[k]), t = rng.integer(0, g);
            x = vx[k] + t * ((vx[k2] - vx[k]) / g), y = vy[k] + t * ((vy[k2] - vy[k]) / g);
        } else if (how == 3) {
            y = vy[k];
        } else if (how == 4) {  // next to a vertex
            x = vx[k] + rng.integer(-1, 1), y = vy[k] + rng.integer(-1, 1);
        }
        d.qx.push_back((int)x), d.qy.push_back((int)y);
    }
    return Data{in, std::vector<int>((size_t)n)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.where.size(); ++i) d.where[i] = -7 - (int)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(point_in_polygon, (const int *px, const int *py, size_t m, const int *qx, const int *qy, size_t n,
                                   int *where))

struct DeviceData {
    hpc::cuda::Array<int> px, py, qx, qy, where;
};
void upload(const Data &d, DeviceData &g) {
    g.px.upload(d.in->px), g.py.upload(d.in->py), g.qx.upload(d.in->qx), g.qy.upload(d.in->qy);
    g.where.upload(d.where);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.where.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.px, g.py, d.in->px.size(), g.qx, g.qy, d.where.size(), g.where);
}
void download(DeviceData &g, Data &d) { g.where.download(d.where); }
#else
void call_candidate(Data &d) { point_in_polygon(d.in->px, d.in->py, d.in->qx, d.in->qy, d.where); }
#endif
void call_reference(Data &d) { point_in_polygon__hpcref(d.in->px, d.in->py, d.in->qx, d.in->qy, d.where); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.where.size() != want.where.size())
        return hpc::Verdict::fail("where has " + std::to_string(got.where.size()) + " elements, expected " +
                                  std::to_string(want.where.size()));
    for (size_t i = 0; i < got.where.size(); ++i)
        if (got.where[i] != want.where[i])
            return hpc::Verdict::fail("where[" + std::to_string(i) + "] = " + std::to_string(got.where[i]) +
                                      ", expected " + std::to_string(want.where[i]) + " for the point (" +
                                      std::to_string(want.in->qx[i]) + ", " + std::to_string(want.in->qy[i]) +
                                      ") and a polygon of " + std::to_string(want.in->px.size()) + " vertices");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
