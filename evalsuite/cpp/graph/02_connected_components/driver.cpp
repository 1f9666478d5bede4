#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, connected_components,
                   (size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<int> &label))

struct Inputs {
    size_t n = 0;
    std::vector<int> row_ptr, col_idx;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> label;
};

static void shuffle_ints(hpc::Rng &rng, int *a, long k) {
    for (long i = k - 1; i > 0; --i) std::swap(a[i], a[rng.integer(0, i)]);
}

// An undirected graph made of pieces, on vertex ids in a random order (so that a component's
// smallest id can be anywhere in it): a long path (many label-propagation rounds), a star, a
// random part with `avg` edges per vertex on average (a big component and many small ones, some
// single vertices), and n/8 isolated vertices. Self-loops and repeated edges are added on
// purpose; every edge is stored in both rows (a self-loop once), and every row is shuffled.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    const double avg = n > 100000 ? 4.0 : 0.8;
    std::vector<int> id((size_t)n);
    for (long i = 0; i < n; ++i) id[i] = (int)i;
    shuffle_ints(rng, id.data(), n);
    const long path = std::min(n / 4, 1500L), star = n / 8, rnd = n - path - star - n / 8;
    const long s0 = path, r0 = path + star;
    std::vector<std::pair<int, int>> e;  // each undirected edge once
    for (long i = 0; i + 1 < path; ++i) e.push_back({id[i], id[i + 1]});
    for (long i = 1; i < star; ++i) e.push_back({id[s0 + i], id[s0]});
    for (long k = 0; k < (long)(rnd * avg); ++k)
        e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[r0 + rng.integer(0, rnd - 1)]});
    if (n > 0) {
        for (long k = 0; k <= n / 50; ++k) {
            int v = (int)rng.integer(0, n - 1);
            e.push_back({v, v});
        }
        for (long k = 0, m = (long)e.size(); k <= n / 50 && m > 0; ++k) e.push_back(e[rng.integer(0, m - 1)]);
    }
    in->row_ptr.assign((size_t)n + 1, 0);
    for (auto &p : e) {
        ++in->row_ptr[p.first + 1];
        if (p.first != p.second) ++in->row_ptr[p.second + 1];
    }
    for (long i = 0; i < n; ++i) in->row_ptr[i + 1] += in->row_ptr[i];
    std::vector<int> fill(in->row_ptr);
    in->col_idx.resize((size_t)in->row_ptr[n]);
    for (auto &p : e) {
        in->col_idx[fill[p.first]++] = p.second;
        if (p.first != p.second) in->col_idx[fill[p.second]++] = p.first;
    }
    for (long i = 0; i < n; ++i)
        shuffle_ints(rng, in->col_idx.data() + in->row_ptr[i], in->row_ptr[i + 1] - in->row_ptr[i]);
    return Data{in, std::vector<int>((size_t)n)};
}

static void poison_ints(std::vector<int> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = -1000000007 + (int)(i % 13);
}

void prepare(Data &d) { poison_ints(d.label); }
#ifdef HPCCODER_CUDA
// One round per launch, from label[v] = v; the driver launches it until a launch leaves *changed
// at 0 (at most n + 1 launches).
HPCCODER_KERNEL(connected_components, (size_t n, const int *row_ptr, const int *col_idx, int *label, int *changed))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx, label, changed;
};
void upload(const Data &d, DeviceData &g) {
    const Inputs &in = *d.in;
    g.row_ptr.upload(in.row_ptr), g.col_idx.upload(in.col_idx);
    std::vector<int> start(in.n);  // the state before the first launch
    for (size_t v = 0; v < in.n; ++v) start[v] = (int)v;
    g.label.upload(start);
    g.changed.upload(std::vector<int>{0});
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const Inputs &in = *d.in;
    for (long round = 0; round <= (long)in.n; ++round) {
        int changed = 0;
        hpc::cuda::ok(cudaMemcpy(g.changed.get(), &changed, sizeof changed, cudaMemcpyHostToDevice), "setting *changed");
        k<<<L.grid, L.block>>>(in.n, g.row_ptr, g.col_idx, g.label, g.changed);
        hpc::cuda::ok(cudaGetLastError(), "launching the kernel");
        hpc::cuda::ok(cudaMemcpy(&changed, g.changed.get(), sizeof changed, cudaMemcpyDeviceToHost), "reading *changed");
        if (!changed) break;
    }
}
void download(DeviceData &g, Data &d) { g.label.download(d.label); }
#else
void call_candidate(Data &d) {
    const Inputs &in = *d.in;
    connected_components(in.n, in.row_ptr, in.col_idx, d.label);
}
#endif
void call_reference(Data &d) {
    const Inputs &in = *d.in;
    connected_components__hpcref(in.n, in.row_ptr, in.col_idx, d.label);
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

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    return same_ints(got.label, want.label, "label");
}

HPCCODER_MAIN()
