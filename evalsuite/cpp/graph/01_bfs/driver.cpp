#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, bfs,
                   (size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx, int source,
                    std::vector<int> &dist))

struct Inputs {
    size_t n = 0;
    int source = 0;
    std::vector<int> row_ptr, col_idx;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> dist;
};

static void shuffle_ints(hpc::Rng &rng, int *a, long k) {
    for (long i = k - 1; i > 0; --i) std::swap(a[i], a[rng.integer(0, i)]);
}

// A directed graph made of pieces, on vertex ids in a random order (so that no structure follows
// the ids): a long path (deep BFS), a random part with `avg` out-edges per vertex on average (it
// has vertices no edge enters), a star whose centre fans out to its leaves, and isolated vertices
// (the last n/8). The path's end has an edge into the random part, and random-part vertices have
// edges into the star's centre and back to the path's start, which is the source. Self-loops and repeated edges are added
// on purpose, and every row is shuffled.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    const long avg = n > 100000 ? 8 : 3;
    std::vector<int> id((size_t)n);
    for (long i = 0; i < n; ++i) id[i] = (int)i;
    shuffle_ints(rng, id.data(), n);
    const long path = std::min(n / 4, 1000L), star = n / 8, rnd = n - path - star - n / 8;
    const long s0 = path, r0 = path + star;
    std::vector<std::pair<int, int>> e;
    for (long i = 0; i + 1 < path; ++i) e.push_back({id[i], id[i + 1]});
    for (long i = 1; i < star; ++i) e.push_back({id[s0], id[s0 + i]});
    for (long k = 0; k < rnd * avg; ++k)
        e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[r0 + rng.integer(0, rnd - 1)]});
    if (rnd > 0 && path > 0) e.push_back({id[path - 1], id[r0 + rng.integer(0, rnd - 1)]});
    if (rnd > 0 && star > 0) e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[s0]});
    if (rnd > 0 && path > 0) e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[0]});  // a cycle through the source
    if (n > 0) {
        for (long k = 0; k <= n / 50; ++k) {
            int v = (int)rng.integer(0, n - 1);
            e.push_back({v, v});
        }
        for (long k = 0, m = (long)e.size(); k <= n / 50 && m > 0; ++k) e.push_back(e[rng.integer(0, m - 1)]);
    }
    in->source = path > 0 ? id[0] : n > 0 ? (int)rng.integer(0, n - 1) : 0;
    in->row_ptr.assign((size_t)n + 1, 0);
    for (auto &p : e) ++in->row_ptr[p.first + 1];
    for (long i = 0; i < n; ++i) in->row_ptr[i + 1] += in->row_ptr[i];
    std::vector<int> fill(in->row_ptr.begin(), in->row_ptr.end() - (n > 0 ? 1 : 0));
    in->col_idx.resize(e.size());
    for (auto &p : e) in->col_idx[fill[p.first]++] = p.second;
    for (long i = 0; i < n; ++i)
        shuffle_ints(rng, in->col_idx.data() + in->row_ptr[i], in->row_ptr[i + 1] - in->row_ptr[i]);
    return Data{in, std::vector<int>((size_t)n)};
}

static void poison_ints(std::vector<int> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = -1000000007 + (int)(i % 13);
}

void prepare(Data &d) { poison_ints(d.dist); }
#ifdef HPCCODER_CUDA
// One BFS level per launch; the driver launches it with level = 0, 1, ... until a launch leaves
// *changed at 0 (at most n launches).
HPCCODER_KERNEL(bfs, (size_t n, const int *row_ptr, const int *col_idx, int *dist, int level, int *changed))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx, dist, changed;
};
void upload(const Data &d, DeviceData &g) {
    const Inputs &in = *d.in;
    g.row_ptr.upload(in.row_ptr), g.col_idx.upload(in.col_idx);
    std::vector<int> start(in.n, -1);  // the state before the first launch
    if (in.n > 0) start[in.source] = 0;
    g.dist.upload(start);
    g.changed.upload(std::vector<int>{0});
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const Inputs &in = *d.in;
    for (long level = 0; level < (long)in.n; ++level) {
        int changed = 0;
        hpc::cuda::ok(cudaMemcpy(g.changed.get(), &changed, sizeof changed, cudaMemcpyHostToDevice), "setting *changed");
        k<<<L.grid, L.block>>>(in.n, g.row_ptr, g.col_idx, g.dist, (int)level, g.changed);
        hpc::cuda::ok(cudaGetLastError(), "launching the kernel");
        hpc::cuda::ok(cudaMemcpy(&changed, g.changed.get(), sizeof changed, cudaMemcpyDeviceToHost), "reading *changed");
        if (!changed) break;
    }
}
void download(DeviceData &g, Data &d) { g.dist.download(d.dist); }
#else
void call_candidate(Data &d) {
    const Inputs &in = *d.in;
    bfs(in.n, in.row_ptr, in.col_idx, in.source, d.dist);
}
#endif
void call_reference(Data &d) {
    const Inputs &in = *d.in;
    bfs__hpcref(in.n, in.row_ptr, in.col_idx, in.source, d.dist);
}

static hpc::Verdict same_ints(const std::vector<int> &got, const std::vector<int> &want, const char *name) {
    if (got.size() != want.size())
        return hpc::Verdict::fail(std::string(name) + " has " + std::to_string(got.size()) + " elements, expected " +
                                  std::to_string(want.size()));
    for (size_t i = 0; i < got.size(); ++i)
        if (got[i] != want[i])
            return hpc::Verdict::fail(std::string(name) + "[" + std::to_string(i) + "] = " + std::to_string(got[i]) +
                                      ", expected " + std::to_string(want[i]));
    return hpc::Verdict{};
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) { return same_ints(got.dist, want.dist, "dist"); }

HPCCODER_MAIN()
