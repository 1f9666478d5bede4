#include "hpccoder_driver.hpp"

#include <climits>

HPCCODER_INTERFACE(void, sssp,
                   (size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<int> &weight, int source, std::vector<long long> &dist))

struct Inputs {
    size_t n = 0;
    int source = 0;
    std::vector<int> row_ptr, col_idx, weight;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long long> dist;
};

static void shuffle_ints(hpc::Rng &rng, int *a, long k) {
    for (long i = k - 1; i > 0; --i) std::swap(a[i], a[rng.integer(0, i)]);
}

// A weighted directed graph made of pieces, on vertex ids in a random order: a long path from the
// source with heavy edges (5e8 to 1e9: distances pass 2^31 after a few edges) and shortcuts along
// it (2 to 40 steps ahead, weights 0 to 2e9, so the fewest edges is often not the shortest path), a random part with `avg` out-edges per vertex (weights 0 to 2e6, one in 16 of them 0), a
// star fanning out from its centre, and isolated vertices (the last n/8). The path's end has an
// edge into the random part, random-part vertices have edges into the star's centre and back to
// the source. Self-loops and parallel edges (with their own weights) are added on purpose, and
// every row is shuffled.
// Check sizes 150 and 300 (directed): one path through every vertex in descending order, n-1 -> n-2 -> ... -> 0,
// from the source n-1, with heavy edges (and, at 150, shortcuts 2 to 40 steps ahead): relaxing the vertices in
// ascending order moves one edge further per round, so at 300 299 rounds are needed (a capped Bellman-Ford fails).
static Data reverse_path(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    in->source = (int)(n - 1);
    std::vector<std::vector<std::pair<int, int>>> out((size_t)n);  // (target, weight) of each vertex's edges
    for (long u = n - 1; u > 0; --u) {
        out[(size_t)u].push_back({(int)(u - 1), (int)rng.integer(500000000, 1000000000)});
        if (n == 150 && u > 1 && rng.integer(0, 3) == 0)  // shortcuts at 150 only: they cut the rounds needed
            out[(size_t)u].push_back({(int)std::max(0L, u - rng.integer(2, 40)), (int)rng.integer(0, 2000000000)});
    }
    in->row_ptr.assign((size_t)n + 1, 0);
    for (long u = 0; u < n; ++u) {
        for (auto &e : out[(size_t)u]) in->col_idx.push_back(e.first), in->weight.push_back(e.second);
        in->row_ptr[(size_t)u + 1] = (int)in->col_idx.size();
    }
    return Data{in, std::vector<long long>((size_t)n)};
}

Data make(hpc::Rng &rng, long n) {
    if (n == 150 || n == 300) return reverse_path(rng, n);
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    const long avg = n > 100000 ? 8 : 3;
    std::vector<int> id((size_t)n);
    for (long i = 0; i < n; ++i) id[i] = (int)i;
    shuffle_ints(rng, id.data(), n);
    const long path = std::min(n / 4, 200L), star = n / 8, rnd = n - path - star - n / 8;
    const long s0 = path, r0 = path + star;
    struct Edge {
        int u, v, w;
    };
    std::vector<Edge> e;
    auto light = [&]() { return rng.integer(0, 15) == 0 ? 0 : (int)rng.integer(0, 2000000); };
    for (long i = 0; i + 1 < path; ++i) {
        e.push_back({id[i], id[i + 1], (int)rng.integer(500000000, 1000000000)});
        if (rng.integer(0, 3) == 0) {
            long j = std::min(path - 1, i + rng.integer(2, 40));
            e.push_back({id[i], id[j], (int)rng.integer(0, 2000000000)});
        }
    }
    for (long i = 1; i < star; ++i) e.push_back({id[s0], id[s0 + i], light()});
    for (long k = 0; k < rnd * avg; ++k)
        e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[r0 + rng.integer(0, rnd - 1)], light()});
    if (rnd > 0 && path > 0) e.push_back({id[path - 1], id[r0 + rng.integer(0, rnd - 1)], light()});
    if (rnd > 0 && star > 0) e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[s0], light()});
    if (rnd > 0 && path > 0) e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[0], light()});
    if (n > 0) {
        for (long k = 0; k <= n / 50; ++k) {
            int v = (int)rng.integer(0, n - 1);
            e.push_back({v, v, light()});
        }
        for (long k = 0, m = (long)e.size(); k <= n / 50 && m > 0; ++k) {
            Edge x = e[rng.integer(0, m - 1)];
            x.w = light();
            e.push_back(x);
        }
    }
    in->source = path > 0 ? id[0] : n > 0 ? (int)rng.integer(0, n - 1) : 0;
    in->row_ptr.assign((size_t)n + 1, 0);
    for (auto &x : e) ++in->row_ptr[x.u + 1];
    for (long i = 0; i < n; ++i) in->row_ptr[i + 1] += in->row_ptr[i];
    std::vector<int> fill(in->row_ptr);
    std::vector<int> order(e.size());
    for (size_t k = 0; k < e.size(); ++k) order[k] = (int)k;
    shuffle_ints(rng, order.data(), (long)order.size());  // rows in a random order
    in->col_idx.resize(e.size());
    in->weight.resize(e.size());
    for (int k : order) {
        const int at = fill[e[k].u]++;
        in->col_idx[at] = e[k].v;
        in->weight[at] = e[k].w;
    }
    return Data{in, std::vector<long long>((size_t)n)};
}

static void poison_ll(std::vector<long long> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = -1000000000007LL + (long long)(i % 13);
}

void prepare(Data &d) { poison_ll(d.dist); }
#ifdef HPCCODER_CUDA
// One round of relaxations per launch; the driver launches it until a launch leaves *changed at 0
// (at most n + 1 launches).
HPCCODER_KERNEL(sssp, (size_t n, const int *row_ptr, const int *col_idx, const int *weight, long long *dist,
                       int *changed))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx, weight, changed;
    hpc::cuda::Array<long long> dist;
};
void upload(const Data &d, DeviceData &g) {
    const Inputs &in = *d.in;
    g.row_ptr.upload(in.row_ptr), g.col_idx.upload(in.col_idx), g.weight.upload(in.weight);
    std::vector<long long> start(in.n, LLONG_MAX);  // the state before the first launch
    if (in.n > 0) start[in.source] = 0;
    g.dist.upload(start);
    g.changed.upload(std::vector<int>{0});
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const Inputs &in = *d.in;
    for (long round = 0; round <= (long)in.n; ++round) {
        int changed = 0;
        hpc::cuda::ok(cudaMemcpy(g.changed.get(), &changed, sizeof changed, cudaMemcpyHostToDevice), "setting *changed");
        k<<<L.grid, L.block>>>(in.n, g.row_ptr, g.col_idx, g.weight, g.dist, g.changed);
        hpc::cuda::ok(cudaGetLastError(), "launching the kernel");
        hpc::cuda::ok(cudaMemcpy(&changed, g.changed.get(), sizeof changed, cudaMemcpyDeviceToHost), "reading *changed");
        if (!changed) break;
    }
}
void download(DeviceData &g, Data &d) { g.dist.download(d.dist); }
#else
void call_candidate(Data &d) {
    const Inputs &in = *d.in;
    sssp(in.n, in.row_ptr, in.col_idx, in.weight, in.source, d.dist);
}
#endif
void call_reference(Data &d) {
    const Inputs &in = *d.in;
    sssp__hpcref(in.n, in.row_ptr, in.col_idx, in.weight, in.source, d.dist);
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.dist.size() != want.dist.size())
        return hpc::Verdict::fail("dist has " + std::to_string(got.dist.size()) + " elements, expected " +
                                  std::to_string(want.dist.size()));
    for (size_t i = 0; i < got.dist.size(); ++i)
        if (got.dist[i] != want.dist[i])
            return hpc::Verdict::fail("dist[" + std::to_string(i) + "] = " + std::to_string(got.dist[i]) +
                                      ", expected " + std::to_string(want.dist[i]));
    return hpc::Verdict{};
}

HPCCODER_MAIN()
