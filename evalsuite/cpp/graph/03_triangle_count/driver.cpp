#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, triangle_count,
                   (size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count))

struct Inputs {
    size_t n = 0;
    std::vector<int> row_ptr, col_idx;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<long long> count;
};

static void shuffle_ints(hpc::Rng &rng, int *a, long k) {
    for (long i = k - 1; i > 0; --i) std::swap(a[i], a[rng.integer(0, i)]);
}

// A simple undirected graph made of pieces, on vertex ids in a random order: cliques of 3 to 7
// vertices, a wheel (a centre joined to a cycle of rim vertices, where the rim may be short),
// a "local" random part in which a vertex is joined to a few of the next 12 in some order (many
// triangles, each vertex in a different number), a hub joined to many local vertices, and
// isolated vertices. Edges drawn twice and self-loops are dropped; rows are sorted.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    std::vector<int> id((size_t)n);
    for (long i = 0; i < n; ++i) id[i] = (int)i;
    shuffle_ints(rng, id.data(), n);
    const long cliques = n / 8, wheel = n / 8, hub = n >= 16 ? 1 : 0, isolated = n / 16;
    const long local = n - cliques - wheel - hub - isolated;
    const long w0 = cliques, l0 = cliques + wheel, h0 = l0 + local;
    std::vector<std::pair<int, int>> e;
    for (long s = 0; s < cliques;) {
        long k = std::min(cliques - s, rng.integer(3, 7));
        for (long a = s; a < s + k; ++a)
            for (long b = a + 1; b < s + k; ++b) e.push_back({id[a], id[b]});
        s += k;
    }
    for (long i = 1; i < wheel; ++i) {
        e.push_back({id[w0], id[w0 + i]});
        if (i + 1 < wheel) e.push_back({id[w0 + i], id[w0 + i + 1]});
    }
    if (wheel > 3) e.push_back({id[w0 + 1], id[w0 + wheel - 1]});
    for (long i = 0; i < local; ++i) {
        long k = rng.integer(0, 8);
        for (long t = 0; t < k; ++t) {
            long j = i + rng.integer(1, 12);
            if (j < local) e.push_back({id[l0 + i], id[l0 + j]});
        }
    }
    if (hub) {
        long k = std::min(local, 4 * (long)std::sqrt((double)n));
        for (long t = 0; t < k; ++t) e.push_back({id[h0], id[l0 + rng.integer(0, local - 1)]});
    }
    std::vector<int> deg((size_t)n + 1, 0);
    for (auto &p : e) ++deg[p.first], ++deg[p.second];
    std::vector<std::vector<int>> adj((size_t)n);
    for (long v = 0; v < n; ++v) adj[v].reserve(deg[v]);
    for (auto &p : e)
        if (p.first != p.second) adj[p.first].push_back(p.second), adj[p.second].push_back(p.first);
    in->row_ptr.assign(1, 0);
    for (long v = 0; v < n; ++v) {
        std::sort(adj[v].begin(), adj[v].end());
        adj[v].erase(std::unique(adj[v].begin(), adj[v].end()), adj[v].end());
        in->col_idx.insert(in->col_idx.end(), adj[v].begin(), adj[v].end());
        in->row_ptr.push_back((int)in->col_idx.size());
        std::vector<int>().swap(adj[v]);
    }
    return Data{in, std::vector<long long>((size_t)n)};
}

static void poison_ll(std::vector<long long> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = -1000000000007LL + (long long)(i % 13);
}

void prepare(Data &d) { poison_ll(d.count); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(triangle_count, (size_t n, const int *row_ptr, const int *col_idx, long long *count))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx;
    hpc::cuda::Array<long long> count;
};
void upload(const Data &d, DeviceData &g) {
    g.row_ptr.upload(d.in->row_ptr), g.col_idx.upload(d.in->col_idx), g.count.upload(d.count);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(d.in->n, g.row_ptr, g.col_idx, g.count);
}
void download(DeviceData &g, Data &d) { g.count.download(d.count); }
#else
void call_candidate(Data &d) { triangle_count(d.in->n, d.in->row_ptr, d.in->col_idx, d.count); }
#endif
void call_reference(Data &d) { triangle_count__hpcref(d.in->n, d.in->row_ptr, d.in->col_idx, d.count); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.count.size() != want.count.size())
        return hpc::Verdict::fail("count has " + std::to_string(got.count.size()) + " elements, expected " +
                                  std::to_string(want.count.size()));
    for (size_t i = 0; i < got.count.size(); ++i)
        if (got.count[i] != want.count[i])
            return hpc::Verdict::fail("count[" + std::to_string(i) + "] = " + std::to_string(got.count[i]) +
                                      ", expected " + std::to_string(want.count[i]));
    return hpc::Verdict{};
}

HPCCODER_MAIN()
