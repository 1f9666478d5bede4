#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, knn, (const std::vector<int> &x, const std::vector<int> &y, int k, std::vector<int> &nbr))

struct Inputs {
    std::vector<int> x, y;
    int k = 1;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> nbr;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    Inputs &d = *in;
    const bool timing = n >= 5000;
    d.k = timing ? 8 : (int)rng.integer(1, 16);
    const long kind = timing ? 0 : n % 4;
    const long G = timing ? 2000 : rng.integer(2, 40);  // the small grid
    const long ox = rng.integer(-1000, 1000), oy = rng.integer(-1000, 1000);
    const long dx = rng.integer(-30, 30), dy = rng.integer(-30, 30);
    for (long i = 0; i < n; ++i) {
        long px, py;
        if (kind == 0) px = ox + rng.integer(0, G), py = oy + rng.integer(0, G);
        else if (kind == 1) px = rng.integer(-1000000, 1000000), py = rng.integer(-1000000, 1000000);
        else if (kind == 2) {
            const long t = rng.integer(-G, G);
            px = ox + t * dx, py = oy + t * dy;
        } else px = ox, py = oy;
        d.x.push_back((int)px), d.y.push_back((int)py);
    }
    // Check sizes 4 and 8 (directed): squared distances that differ by less than a float (or a double's sum of
    // squares carried in float) resolves: (0,0), (4096,1), (4096,0), (0,4096), and one point at x = -1000000
    // with the others at x = 1000000 and y from -20 to 20 (d^2 = 4e12 + dy^2).
    if (n == 4) {
        d.k = 3;
        d.x = {0, 4096, 4096, 0};
        d.y = {0, 1, 0, 4096};
    } else if (n == 8) {
        d.k = 7;
        for (long i = 0; i < n; ++i) d.x[i] = i == 0 ? -1000000 : 1000000, d.y[i] = i == 0 ? 0 : (int)rng.integer(-20, 20);
    }
    return Data{in, std::vector<int>((size_t)(n * d.k))};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.nbr.size(); ++i) d.nbr[i] = -7 - (int)(i % 13);
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(knn, (const int *x, const int *y, size_t n, int k, int *nbr))

struct DeviceData {
    hpc::cuda::Array<int> x, y, nbr;
};
void upload(const Data &d, DeviceData &g) { g.x.upload(d.in->x), g.y.upload(d.in->y), g.nbr.upload(d.nbr); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->x.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.x, g.y, d.in->x.size(), d.in->k, g.nbr);
}
void download(DeviceData &g, Data &d) { g.nbr.download(d.nbr); }
#else
void call_candidate(Data &d) { knn(d.in->x, d.in->y, d.in->k, d.nbr); }
#endif
void call_reference(Data &d) { knn__hpcref(d.in->x, d.in->y, d.in->k, d.nbr); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.nbr.size() != want.nbr.size())
        return hpc::Verdict::fail("nbr has " + std::to_string(got.nbr.size()) + " elements, expected " +
                                  std::to_string(want.nbr.size()));
    const long k = want.in->k;
    for (size_t e = 0; e < got.nbr.size(); ++e)
        if (got.nbr[e] != want.nbr[e])
            return hpc::Verdict::fail("nbr[" + std::to_string(e) + "] (point " + std::to_string(e / k) +
                                      ", neighbour " + std::to_string(e % k) + " of k = " + std::to_string(k) +
                                      ") = " + std::to_string(got.nbr[e]) + ", expected " +
                                      std::to_string(want.nbr[e]) + " (n = " + std::to_string(want.in->x.size()) +
                                      ")");
    return hpc::Verdict{};
}

HPCCODER_MAIN()
