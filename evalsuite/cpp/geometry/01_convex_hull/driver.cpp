#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, convex_hull,
                   (const std::vector<int> &x, const std::vector<int> &y, std::vector<int> &hx,
                    std::vector<int> &hy))

struct Inputs {
    std::vector<int> x, y;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> hx, hy;
};

// Near-collinear points with huge coordinates: A = (-C, -C), B = A + (p, q) with gcd(p, q) = 1, and
// for a small s the one lattice point A + (u, v) with 0 <= u < p and p v - q u = s (the cross
// product of B - A and it is s, its terms are about 4e18): A for s = 0.
struct NearLine {
    long C, p, q, qinv;  // qinv: q^-1 mod p
    NearLine(hpc::Rng &rng, long C_) : C(C_) {
        do p = rng.integer(C, 2 * C), q = rng.integer(C, 2 * C);
        while (gcd(p, q) != 1);
        long r0 = p, r1 = q % p, t0 = 0, t1 = 1;  // extended Euclid on (p, q mod p)
        while (r1) {
            const long f = r0 / r1;
            std::swap(r0, r1), r1 -= f * r0;
            std::swap(t0, t1), t1 -= f * t0;
        }
        qinv = ((t0 % p) + p) % p;
    }
    static long gcd(long a, long b) {
        while (b) a %= b, std::swap(a, b);
        return a;
    }
    void point(long s, long &x, long &y) const {
        const long u = (long)((__int128)((-s % p) + p) % p * qinv % p);
        const long v = (long)(((__int128)q * u + s) / p);
        x = -C + u, y = -C + v;
    }
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    Inputs &d = *in;
    const long C = 1000000000;
    const long kind = n >= 1000000 ? 0 : n % 5;
    // kind 1 by n / 5 % 3: a small grid, the big square with its corners, the near-collinear points
    const long sub = n / 5 % 3;
    const bool small = n < 1000000 && (kind == 1 ? sub == 0 : rng.integer(0, 1) == 0);
    const long R = n >= 1000000 ? C : small ? rng.integer(2, 40) : rng.integer(1000, C);
    const long ox = small ? rng.integer(-1000, 1000) : 0, oy = small ? rng.integer(-1000, 1000) : 0;
    long dx = rng.integer(-999000, 999000), dy = rng.integer(-999000, 999000);
    const long dir = rng.integer(0, 3);
    if (dir == 0) dx = 0, dy = 1;                             // vertical
    else if (dir == 1) dx = 1, dy = 0;                        // horizontal
    else if (dir == 2) dx = rng.integer(-1, 1), dy = 999999;  // steep (or vertical)
    if (dx == 0 && dy == 0) dx = 3;
    const long T = 1000;  // collinear points: (ox, oy) + t (dx, dy), |t| <= T
    const long px0 = rng.integer(-C, C), py0 = rng.integer(-C, C);
    std::unique_ptr<NearLine> near;
    if (kind == 1 && sub == 2) near.reset(new NearLine(rng, C));
    for (long i = 0; i < n; ++i) {
        long px, py;
        if (kind == 0) {
            do px = rng.integer(-R, R), py = rng.integer(-R, R);
            while (px * px + py * py > R * R);
            px += ox, py += oy;
        } else if (kind == 1 && near) {
            if (i == 1) px = -C + near->p, py = -C + near->q;
            else near->point(i == 0 ? 0 : i == 2 ? 1 : i == 3 ? -1 : rng.integer(-3, 3), px, py);
        } else if (kind == 1) {
            if (!small && i < 4) px = i % 2 ? C : -C, py = i / 2 ? C : -C;  // the corners
            else px = ox + rng.integer(-R, R), py = oy + rng.integer(-R, R);
            if (!small && rng.integer(0, 3) == 0) px = rng.integer(0, 1) ? C : -C;  // on the square's sides
        } else if (kind == 2) {
            const long t = rng.integer(-T, T);
            px = ox + t * dx, py = oy + t * dy;
        } else if (kind == 3) {
            px = px0, py = py0;
        } else {
            const long t = rng.integer(-31622, 31622) / (small ? 1000 : 1);
            px = t, py = t * t - C / 2;
        }
        d.x.push_back((int)px), d.y.push_back((int)py);
    }
    return Data{in, {}, {}};
}

// hx and hy come in with a few garbage elements: the kernel must resize them.
void prepare(Data &d) {
    d.hx.assign(3, -777777777);
    d.hy.assign(5, -777777777);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(convex_hull, (const int *x, const int *y, size_t n, int *hx, int *hy, int *h, long long *work))

struct DeviceData {
    hpc::cuda::Array<int> x, y, hx, hy, h;
    hpc::cuda::Array<long long> work;  // scratch: 4n long longs
};
void upload(const Data &d, DeviceData &g) {
    const size_t n = d.in->x.size();
    g.x.upload(d.in->x), g.y.upload(d.in->y);
    std::vector<int> garbage(std::max(n, (size_t)1));
    for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = -777777777 + (int)(i % 13);
    g.hx.upload(garbage), g.hy.upload(garbage), g.h.upload(std::vector<int>{-7});
    std::vector<long long> scratch(4 * n);
    for (size_t i = 0; i < scratch.size(); ++i) scratch[i] = (long long)0x7A7A7A7A7A7A7A7AULL - (long long)(i % 13);
    g.work.upload(scratch);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, g.y, d.in->x.size(), g.hx, g.hy, g.h, g.work);
}
// Keeps the first *h elements (all of them, to be checked, when *h is out of range).
void download(DeviceData &g, Data &d) {
    std::vector<int> h;
    g.h.download(h);
    g.hx.download(d.hx), g.hy.download(d.hy);
    if (h[0] >= 0 && (size_t)h[0] <= d.hx.size()) d.hx.resize(h[0]), d.hy.resize(h[0]);
}
#else
void call_candidate(Data &d) { convex_hull(d.in->x, d.in->y, d.hx, d.hy); }
#endif
void call_reference(Data &d) { convex_hull__hpcref(d.in->x, d.in->y, d.hx, d.hy); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    const std::string n = " (n = " + std::to_string(want.in->x.size()) + ")";
    if (got.hx.size() != want.hx.size() || got.hy.size() != want.hy.size())
        return hpc::Verdict::fail("hx and hy have " + std::to_string(got.hx.size()) + " and " +
                                  std::to_string(got.hy.size()) + " elements, expected " +
                                  std::to_string(want.hx.size()) + " hull vertices" + n);
    for (size_t k = 0; k < got.hx.size(); ++k)
        if (got.hx[k] != want.hx[k] || got.hy[k] != want.hy[k])
            return hpc::Verdict::fail("vertex " + std::to_string(k) + " is (" + std::to_string(got.hx[k]) + ", " +
                                      std::to_string(got.hy[k]) + "), expected (" + std::to_string(want.hx[k]) +
                                      ", " + std::to_string(want.hy[k]) + ") of " + std::to_string(want.hx.size()) +
                                      " vertices" + n);
    return hpc::Verdict{};
}

HPCCODER_MAIN()
