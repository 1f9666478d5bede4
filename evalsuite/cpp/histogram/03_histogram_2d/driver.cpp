#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, histogram_2d,
                   (const std::vector<double> &x, const std::vector<double> &y, int nx, int ny,
                    std::vector<long> &counts))

struct Inputs {
    std::vector<double> x, y;
    int nx = 1, ny = 1;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long> counts;
};

// Coordinates are multiples of 2^-12 (x * nx is exact); with nx or ny a power of two many
// points sit exactly on cell edges, 0 included. nx != ny, so swapping rows and columns shows.
// A third of the points cluster in one corner cell region.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->nx = n >= 10000000 ? 300 : (int)rng.integer(1, 64);
    in->ny = n >= 10000000 ? 200 : (int)rng.integer(1, 64);
    if (in->nx == in->ny) in->ny = in->nx == 1 ? 2 : in->nx - 1;
    if (rng.integer(0, 1)) in->nx = 1 << rng.integer(0, 6);
    // Sizes from 1000000 (below the timing size): 2 x 1 cells, so that every thread hits the
    // same two counters all the time and unsynchronised increments are lost.
    if (n >= 1000000 && n < 10000000) in->nx = 2, in->ny = 1;
    in->x.resize((size_t)n);
    in->y.resize((size_t)n);
    if (n % 10 == 9) {
        // Sizes ending in 9: nx and ny powers of two, and half of the coordinates 2^-40 below a
        // cell edge (1 included): x * nx is exact in double, but a float rounds x up onto
        // the edge, into the next cell (or past the last one).
        in->nx = 1 << rng.integer(0, 6);
        do in->ny = 1 << rng.integer(0, 6); while (in->ny == in->nx);
        auto coordinate = [&](int cells) {
            if (rng.integer(0, 1)) return (double)rng.integer(0, 4095) / 4096;
            return (double)rng.integer(1, cells) / cells - std::ldexp(1.0, -40);
        };
        for (long i = 0; i < n; ++i) {
            in->x[i] = coordinate(in->nx);
            in->y[i] = coordinate(in->ny);
        }
        return Data{in, std::vector<long>((size_t)in->nx * (size_t)in->ny)};
    }
    for (long i = 0; i < n; ++i) {
        const long hot = rng.integer(0, 2) == 0 ? 1 : 0;
        in->x[i] = (double)rng.integer(0, hot ? 511 : 4095) / 4096;
        in->y[i] = (double)rng.integer(0, hot ? 511 : 4095) / 4096;
    }
    return Data{in, std::vector<long>((size_t)in->nx * (size_t)in->ny)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.counts.size(); ++i) d.counts[i] = -77 - (long)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(histogram_2d,
                (const double *x, const double *y, size_t n, int nx, int ny, unsigned long long *counts))

// The driver zeroes counts on the device before every launch (the prompt says so); the
// kernel only adds to it.
struct DeviceData {
    hpc::cuda::Array<double> x, y;
    hpc::cuda::Array<unsigned long long> counts;
};
void upload(const Data &d, DeviceData &g) {
    g.x.upload(d.in->x), g.y.upload(d.in->y);
    g.counts.upload(std::vector<unsigned long long>(d.counts.size(), 0));
}
hpc::cuda::Vars launch_vars(const Data &d) {
    return {{"n", (double)d.in->x.size()}, {"nx", (double)d.in->nx}, {"ny", (double)d.in->ny}};
}
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, g.y, d.in->x.size(), d.in->nx, d.in->ny, g.counts);
}
void download(DeviceData &g, Data &d) {
    std::vector<unsigned long long> c;
    g.counts.download(c);
    d.counts.assign(c.begin(), c.end());
}
#else
void call_candidate(Data &d) { histogram_2d(d.in->x, d.in->y, d.in->nx, d.in->ny, d.counts); }
#endif
void call_reference(Data &d) { histogram_2d__hpcref(d.in->x, d.in->y, d.in->nx, d.in->ny, d.counts); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict same = hpc::unmodified(got.in->x, want.in->x, "x");
    if (same.ok) same = hpc::unmodified(got.in->y, want.in->y, "y");
    if (!same.ok) return same;
    if (got.counts.size() != want.counts.size())
        return hpc::Verdict::fail("counts has " + std::to_string(got.counts.size()) + " elements, expected " +
                                  std::to_string(want.counts.size()));
    const int nx = want.in->nx;
    for (size_t c = 0; c < got.counts.size(); ++c)
        if (got.counts[c] != want.counts[c])
            return hpc::Verdict::fail("counts[" + std::to_string(c) + "] (row iy = " + std::to_string(c / nx) +
                                      ", column ix = " + std::to_string(c % nx) + ") = " +
                                      std::to_string(got.counts[c]) + ", expected " + std::to_string(want.counts[c]) +
                                      " (nx = " + std::to_string(nx) + ", ny = " + std::to_string(want.in->ny) + ")");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
