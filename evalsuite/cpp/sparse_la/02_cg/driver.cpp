#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, cg,
                   (size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<double> &values, const std::vector<double> &b, std::vector<double> &x,
                    int iterations))

struct Inputs {
    size_t n = 0;
    int iterations = 0;
    std::vector<int> row_ptr, col_idx;
    std::vector<double> values, b;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> x;
};

// A random symmetric, strictly diagonally dominant matrix with a positive diagonal: SPD, with
// a condition number of about 20: a few iterations are far from convergence, and rounding
// differences between summation orders stay small over the timing run's 20 iterations (near convergence
// they would not: after 40, iterates of two correct summation orders differed by 4e-6 of an element).
// Sizes 9000 + t are directed cases (the table below: order, iterations, whether b = 0): no iterations
// (x = 0), and b = 0, where rr == 0 from the start stops CG before its first iteration (x = 0; an
// iteration would divide 0 by 0).
struct Directed {
    long n;
    int iterations;
    bool zero_b;
};
static const Directed directed[] = {{5, 0, false}, {60, 0, false}, {7, 3, true}, {60, 8, true}, {1, 1, true}};
Data make(hpc::Rng &rng, long n) {
    bool zero_b = false;
    int iterations = -1;
    if (n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0])) {
        const Directed &c = directed[n - 9000];
        n = c.n, iterations = c.iterations, zero_b = c.zero_b;
    }
    auto in = std::make_shared<Inputs>();
    Inputs &d = *in;
    d.n = (size_t)n;
    d.iterations = n > 50000 ? 20 : (int)rng.integer(1, 8);
    if (iterations >= 0) d.iterations = iterations;
    // below-diagonal entries (i, j < i), each also placed at (j, i)
    std::vector<int> ei, ej;
    std::vector<double> ev;
    std::vector<int> count((size_t)n + 1, 0);
    for (long i = 1; i < n; ++i) {
        long k = std::min(i, rng.integer(0, 10));
        for (long t = 0; t < k; ++t) {
            ei.push_back((int)i);
            ej.push_back((int)rng.integer(0, i - 1));
            ev.push_back(rng.uniform(-1, 0));
            ++count[ei.back()];
            ++count[ej.back()];
        }
    }
    // rows in CSR order by counting, one slot per row for the diagonal
    std::vector<int> start((size_t)n + 1, 0);
    for (long i = 0; i < n; ++i) start[i + 1] = start[i] + count[i] + 1;
    std::vector<int> fill(start.begin(), start.end() - 1), cols((size_t)start[n]);
    std::vector<double> vals((size_t)start[n]);
    for (size_t e = 0; e < ei.size(); ++e) {
        cols[fill[ei[e]]] = ej[e], vals[fill[ei[e]]++] = ev[e];
        cols[fill[ej[e]]] = ei[e], vals[fill[ej[e]]++] = ev[e];
    }
    d.row_ptr.push_back(0);
    std::vector<std::pair<int, double>> row;
    for (long i = 0; i < n; ++i) {
        row.clear();
        for (int k = start[i]; k < fill[i]; ++k) row.push_back({cols[k], vals[k]});
        std::sort(row.begin(), row.end());
        double off = 0;
        for (auto &e : row) off += std::fabs(e.second);
        row.push_back({(int)i, off + 1.0 + rng.uniform(0, 1)});
        std::sort(row.begin(), row.end());
        for (auto &e : row) {  // a column drawn twice is one entry: their values add up
            if (d.col_idx.size() > (size_t)d.row_ptr.back() && d.col_idx.back() == e.first) {
                d.values.back() += e.second;
            } else {
                d.col_idx.push_back(e.first);
                d.values.push_back(e.second);
            }
        }
        d.row_ptr.push_back((int)d.col_idx.size());
    }
    d.b = rng.vector(n, -1, 1);
    if (zero_b) std::fill(d.b.begin(), d.b.end(), 0.0);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.x); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(cg, (size_t n, const int *row_ptr, const int *col_idx, const double *values, const double *b,
                     double *x, int iterations, double *r, double *p, double *q))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx;
    hpc::cuda::Array<double> values, b, x, r, p, q;  // r, p, q: the kernel's scratch vectors
};
void upload(const Data &d, DeviceData &g) {
    const Inputs &in = *d.in;
    g.row_ptr.upload(in.row_ptr), g.col_idx.upload(in.col_idx), g.values.upload(in.values), g.b.upload(in.b);
    g.x.upload(d.x);
    std::vector<double> scratch(in.n);  // poisoned too: the kernel must not read them before writing
    hpc::poison(scratch);
    g.r.upload(scratch), g.p.upload(scratch), g.q.upload(scratch);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const Inputs &in = *d.in;
    k<<<L.grid, L.block>>>(in.n, g.row_ptr, g.col_idx, g.values, g.b, g.x, in.iterations, g.r, g.p, g.q);
}
void download(DeviceData &g, Data &d) { g.x.download(d.x); }
#else
void call_candidate(Data &d) {
    const Inputs &in = *d.in;
    cg(in.n, in.row_ptr, in.col_idx, in.values, in.b, d.x, in.iterations);
}
#endif
void call_reference(Data &d) {
    const Inputs &in = *d.in;
    cg__hpcref(in.n, in.row_ptr, in.col_idx, in.values, in.b, d.x, in.iterations);
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.x, want.x, tol, "x");
}

HPCCODER_MAIN()
