// Wrong: the orientation test is computed in double, which rounds cross products of about 4e18 (near-collinear points far apart).
#include <algorithm>
#include <vector>

// A point packed in one 64-bit key whose order is the order of (x, y).
static long long pack(long x, long y) { return (long long)x * 4294967296LL + (y + 2147483648LL); }
static long unpack_x(long long k) { return (long)(k >> 32); }
static long unpack_y(long long k) { return (long)(k & 0xFFFFFFFFLL) - 2147483648LL; }

// > 0 if a, b, c turn counter-clockwise; exact (the terms reach 4e18, their difference 8e18).
static double cross(long long a, long long b, long long c) {
    const double ax = unpack_x(a), ay = unpack_y(a);
    return (unpack_x(b) - ax) * (unpack_y(c) - ay) - (unpack_y(b) - ay) * (unpack_x(c) - ax);
}

// Andrew's monotone chain over sorted, distinct keys: the hull's corners, counter-clockwise from
// the smallest key (lower chain left to right, then upper chain right to left).
static std::vector<long long> chain(const std::vector<long long> &p) {
    const long m = (long)p.size();
    if (m <= 2) return p;
    std::vector<long long> h(2 * (size_t)m);
    long k = 0;
    for (long i = 0; i < m; ++i) {  // lower chain
        while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    for (long i = m - 2, lower = k + 1; i >= 0; --i) {  // upper chain, back to p[0]
        while (k >= lower && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    h.resize(k - 1);  // p[0] came back at the end
    return h;
}

// Output: counter-clockwise from the vertex of smallest y, then smallest x.
static void emit(const std::vector<long long> &h, std::vector<int> &hx, std::vector<int> &hy) {
    const size_t m = h.size();
    size_t s = 0;
    for (size_t k = 1; k < m; ++k)
        if (unpack_y(h[k]) < unpack_y(h[s]) || (unpack_y(h[k]) == unpack_y(h[s]) && unpack_x(h[k]) < unpack_x(h[s])))
            s = k;
    hx.resize(m), hy.resize(m);
    for (size_t k = 0; k < m; ++k) hx[k] = (int)unpack_x(h[(s + k) % m]), hy[k] = (int)unpack_y(h[(s + k) % m]);
}

// Sort the points, drop duplicates, run the monotone chain.
void convex_hull(const std::vector<int> &x, const std::vector<int> &y, std::vector<int> &hx, std::vector<int> &hy) {
    std::vector<long long> p(x.size());
    for (size_t i = 0; i < x.size(); ++i) p[i] = pack(x[i], y[i]);
    std::sort(p.begin(), p.end());
    p.erase(std::unique(p.begin(), p.end()), p.end());
    emit(chain(p), hx, hy);
}
