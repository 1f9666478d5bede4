#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, pr_scores,
                   (size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<int> &out_degree, double damping, int iterations, std::vector<double> &scores))

struct Inputs {
    size_t n = 0;
    double damping = 0.85;
    int iterations = 0;
    std::vector<int> row_ptr, col_idx, out_degree;  // row v: the sources of the edges into v
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> scores;
};

static void shuffle_ints(hpc::Rng &rng, int *a, long k) {
    for (long i = k - 1; i > 0; --i) std::swap(a[i], a[rng.integer(0, i)]);
}

// A directed graph made of pieces, on vertex ids in a random order: a path (its end has no
// out-edges), a star whose leaves all point at the centre, a random part with `avg` out-edges per
// vertex on average whose targets favour a few popular vertices (scores of very different sizes;
// some vertices have no out-edges), and isolated vertices (the last n/8: dangling, reached only by
// the uniform terms). Self-loops and repeated edges are added on purpose. The graph is stored by
// incoming edges, every row shuffled; out_degree counts every edge, repeats and self-loops included.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    in->damping = n > 100000 ? 0.85 : rng.uniform(0.5, 0.95);
    in->iterations = n > 100000 ? 20 : n == 3 ? 0 : (int)rng.integer(1, 15);
    const long avg = n > 100000 ? 8 : 3;
    std::vector<int> id((size_t)n);
    for (long i = 0; i < n; ++i) id[i] = (int)i;
    shuffle_ints(rng, id.data(), n);
    const long path = std::min(n / 4, 1000L), star = n / 8, rnd = n - path - star - n / 8;
    const long s0 = path, r0 = path + star;
    std::vector<std::pair<int, int>> e;  // (from, to)
    for (long i = 0; i + 1 < path; ++i) e.push_back({id[i], id[i + 1]});
    for (long i = 1; i < star; ++i) e.push_back({id[s0 + i], id[s0]});
    const long popular = std::max(1L, rnd / 100);
    for (long u = 0; u < rnd; ++u) {
        if (rng.integer(0, 9) == 0) continue;  // dangling
        long k = rng.integer(1, 2 * avg - 1);
        for (long t = 0; t < k; ++t) {
            long v = rng.integer(0, 2) == 0 ? rng.integer(0, popular - 1) : rng.integer(0, rnd - 1);
            e.push_back({id[r0 + u], id[r0 + v]});
        }
    }
    if (rnd > 0 && path > 0) e.push_back({id[r0 + rng.integer(0, rnd - 1)], id[0]});
    if (rnd > 0 && star > 0) e.push_back({id[s0], id[r0 + rng.integer(0, rnd - 1)]});
    if (n > 0) {
        for (long k = 0; k <= n / 50; ++k) {
            int v = (int)rng.integer(0, n - 1);
            e.push_back({v, v});
        }
        for (long k = 0, m = (long)e.size(); k <= n / 50 && m > 0; ++k) e.push_back(e[rng.integer(0, m - 1)]);
    }
    in->out_degree.assign((size_t)n, 0);
    in->row_ptr.assign((size_t)n + 1, 0);
    for (auto &p : e) ++in->out_degree[p.first], ++in->row_ptr[p.second + 1];
    for (long i = 0; i < n; ++i) in->row_ptr[i + 1] += in->row_ptr[i];
    std::vector<int> fill(in->row_ptr);
    in->col_idx.resize(e.size());
    for (auto &p : e) in->col_idx[fill[p.second]++] = p.first;
    for (long i = 0; i < n; ++i)
        shuffle_ints(rng, in->col_idx.data() + in->row_ptr[i], in->row_ptr[i + 1] - in->row_ptr[i]);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.scores); }
#ifdef HPCCODER_CUDA
// Two launches per iteration: phase 0 sums the dangling scores into *dangling (zeroed by the
// driver), phase 1 computes next from scores; the driver then swaps scores and next.
HPCCODER_KERNEL(pr_scores, (size_t n, const int *row_ptr, const int *col_idx, const int *out_degree, double damping,
                           const double *scores, double *next, double *dangling, int phase))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx, out_degree;
    hpc::cuda::Array<double> a, b, dangling;
    bool result_in_b = false;
};
void upload(const Data &d, DeviceData &g) {
    const Inputs &in = *d.in;
    g.row_ptr.upload(in.row_ptr), g.col_idx.upload(in.col_idx), g.out_degree.upload(in.out_degree);
    g.a.upload(std::vector<double>(in.n, in.n ? 1.0 / (double)in.n : 0.0));  // the starting scores
    g.b.upload(d.scores);                                                     // poisoned
    g.dangling.upload(std::vector<double>{-7.77e77});
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const Inputs &in = *d.in;
    double *from = g.a, *to = g.b;
    for (int it = 0; it < in.iterations; ++it, std::swap(from, to)) {
        hpc::cuda::ok(cudaMemset(g.dangling.get(), 0, sizeof(double)), "zeroing *dangling");
        for (int phase = 0; phase < 2; ++phase)
            k<<<L.grid, L.block>>>(in.n, g.row_ptr, g.col_idx, g.out_degree, in.damping, from, to, g.dangling, phase);
    }
    g.result_in_b = from == g.b.get();
}
void download(DeviceData &g, Data &d) { (g.result_in_b ? g.b : g.a).download(d.scores); }
#else
void call_candidate(Data &d) {
    const Inputs &in = *d.in;
    pr_scores(in.n, in.row_ptr, in.col_idx, in.out_degree, in.damping, in.iterations, d.scores);
}
#endif
void call_reference(Data &d) {
    const Inputs &in = *d.in;
    pr_scores__hpcref(in.n, in.row_ptr, in.col_idx, in.out_degree, in.damping, in.iterations, d.scores);
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.scores, want.scores, tol, "scores");
}

HPCCODER_MAIN()
