#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, polygon_areas,
                   (const std::vector<int> &x, const std::vector<int> &y, const std::vector<long> &offsets,
                    std::vector<long> &area2))

struct Inputs {
    std::vector<int> x, y;
    std::vector<long> offsets;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long> area2;
};

// n polygons of assorted kinds: random vertices (self-intersecting), convex ones around a
// circle in either orientation, all vertices equal, all collinear, sizes 0..2, now and then a
// big one (100..5000 vertices), and for n >= 100 polygon n/2 is a huge convex one (3n vertices,
// about a twentieth of all vertices).
// Check size 4 (directed): polygons that wind around the origin 1200 to 1500 times near the corners of the
// coordinate box (4 vertices per turn, odd cross products): twice their area, and their partial sums, pass
// 2^53, so that a sum carried in double is not exact.
static Data wound(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    Inputs &d = *in;
    const long C = 1000000;
    const long corner[4][2] = {{C, -C}, {C, C}, {-C, C}, {-C, -C}};
    d.offsets.push_back(0);
    for (long p = 0; p < n; ++p) {
        const long turns = p == 3 ? 0 : rng.integer(1200, 1500);
        const bool cw = p == 1;
        for (long t = 0; t < turns; ++t)
            for (int c = 0; c < 4; ++c) {
                const int cc = cw ? 3 - c : c;
                d.x.push_back((int)(corner[cc][0] - (corner[cc][0] > 0 ? 1 : -1) * rng.integer(0, 3)));
                d.y.push_back((int)(corner[cc][1] - (corner[cc][1] > 0 ? 1 : -1) * rng.integer(0, 3)));
            }
        if (p == 2) d.x.push_back(7), d.y.push_back(-5);  // a turn and one vertex more
        d.offsets.push_back((long)d.x.size());
    }
    return Data{in, std::vector<long>((size_t)n)};
}

Data make(hpc::Rng &rng, long n) {
    if (n == 4) return wound(rng, n);
    auto in = std::make_shared<Inputs>();
    Inputs &d = *in;
    const long C = 1000000;
    struct Shape {
        long shape, cx, cy, r, dx, dy;
    };
    std::vector<Shape> shapes((size_t)n);
    d.offsets.assign((size_t)n + 1, 0);
    for (long p = 0; p < n; ++p) {  // sizes and shapes first, so that x and y are allocated once
        const long kind = rng.integer(0, 99);
        long m = rng.integer(3, 80);
        Shape &s = shapes[p];
        s.shape = rng.integer(0, 9);
        if (kind < 6) m = kind % 3;                        // 0, 1 or 2 vertices
        else if (kind == 6) m = rng.integer(100, 5000);    // a big one
        if (n >= 100 && p == n / 2) m = 3 * n, s.shape = 5;  // a huge convex one
        s.cx = rng.integer(-C / 2, C / 2), s.cy = rng.integer(-C / 2, C / 2);
        s.r = rng.integer(1, C / 2);
        s.dx = rng.integer(-1000, 1000), s.dy = rng.integer(-1000, 1000);
        d.offsets[p + 1] = d.offsets[p] + m;
    }
    d.x.resize((size_t)d.offsets[n]);
    d.y.resize((size_t)d.offsets[n]);
    for (long p = 0; p < n; ++p) {
        const Shape &s = shapes[p];
        const long lo = d.offsets[p], m = d.offsets[p + 1] - lo;
        for (long k = 0; k < m; ++k) {
            long px, py;
            if (s.shape < 5) {  // random vertices anywhere
                px = rng.integer(-C, C), py = rng.integer(-C, C);
            } else if (s.shape < 8) {  // around a circle, counter-clockwise (shape 5, 6) or clockwise (7)
                double a = 6.283185307179586 * (double)k / (double)m * (s.shape == 7 ? -1 : 1);
                px = s.cx + (long)std::lround(s.r * std::cos(a)), py = s.cy + (long)std::lround(s.r * std::sin(a));
            } else if (s.shape == 8) {  // all the same vertex
                px = s.cx, py = s.cy;
            } else {  // collinear: on a line through (cx, cy)
                long t = rng.integer(-400, 400);
                px = s.cx + t * s.dx, py = s.cy + t * s.dy;
            }
            d.x[lo + k] = (int)px;
            d.y[lo + k] = (int)py;
        }
    }
    return Data{in, std::vector<long>((size_t)n)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.area2.size(); ++i) d.area2[i] = -777777777 - (long)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(polygon_areas, (const int *x, const int *y, const long *offsets, size_t num_polygons, long *area2))

struct DeviceData {
    hpc::cuda::Array<int> x, y;
    hpc::cuda::Array<long> offsets, area2;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x), g.y.upload(d.in->y), g.offsets.upload(d.in->offsets), g.area2.upload(d.area2);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"num_polygons", (double)d.area2.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, g.y, g.offsets, d.area2.size(), g.area2);
}
void download(DeviceData &g, Data &d) { g.area2.download(d.area2); }
#else
void call_candidate(Data &d) { polygon_areas(d.in->x, d.in->y, d.in->offsets, d.area2); }
#endif
void call_reference(Data &d) { polygon_areas__hpcref(d.in->x, d.in->y, d.in->offsets, d.area2); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.area2.size() != want.area2.size())
        return hpc::Verdict::fail("area2 has " + std::to_string(got.area2.size()) + " elements, expected " +
                                  std::to_string(want.area2.size()));
    for (size_t p = 0; p < got.area2.size(); ++p)
        if (got.area2[p] != want.area2[p])
            return hpc::Verdict::fail("area2[" + std::to_string(p) + "] = " + std::to_string(got.area2[p]) +
                                      ", expected " + std::to_string(want.area2[p]) + " (a polygon of " +
                                      std::to_string(want.in->offsets[p + 1] - want.in->offsets[p]) + " vertices)");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
