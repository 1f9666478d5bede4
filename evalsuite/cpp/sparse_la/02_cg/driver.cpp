#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, cg,
                   (size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<double> &values, const std::vector<double> &b, std::vector<double> &x,
                    int iterations))

struct Data {
    size_t n = 0;
    int iterations = 0;
    std::vector<int> row_ptr, col_idx;
    std::vector<double> values, b, x;
};

// A random symmetric, strictly diagonally dominant matrix with a positive diagonal: SPD, with
// a condition number of about 20: a few iterations are far from convergence, and rounding
// differences between summation orders stay small over the timing run's 40 iterations.
Data make(hpc::Rng &rng, long n) {
    Data d;
    d.n = (size_t)n;
    d.iterations = n > 50000 ? 40 : (int)rng.integer(1, 8);
    std::vector<std::vector<std::pair<int, double>>> rows((size_t)n);
    for (long i = 1; i < n; ++i) {
        long k = std::min(i, rng.integer(0, 10));
        for (long t = 0; t < k; ++t) {
            int j = (int)rng.integer(0, i - 1);
            double v = rng.uniform(-1, 0);
            rows[i].push_back({j, v});
            rows[j].push_back({(int)i, v});
        }
    }
    d.row_ptr.push_back(0);
    for (long i = 0; i < n; ++i) {
        auto &row = rows[i];
        std::sort(row.begin(), row.end());
        double off = 0;  // merge repeated columns, then add the diagonal
        std::vector<std::pair<int, double>> merged;
        for (auto &e : row) {
            if (!merged.empty() && merged.back().first == e.first) merged.back().second += e.second;
            else merged.push_back(e);
        }
        for (auto &e : merged) off += std::fabs(e.second);
        merged.push_back({(int)i, off + 1.0 + rng.uniform(0, 1)});
        std::sort(merged.begin(), merged.end());
        for (auto &e : merged) {
            d.col_idx.push_back(e.first);
            d.values.push_back(e.second);
        }
        d.row_ptr.push_back((int)d.col_idx.size());
    }
    d.b = rng.vector(n, -1, 1);
    d.x.resize((size_t)n);
    return d;
}

void prepare(Data &d) { hpc::poison(d.x); }
void call_candidate(Data &d) { cg(d.n, d.row_ptr, d.col_idx, d.values, d.b, d.x, d.iterations); }
void call_reference(Data &d) { cg__hpcref(d.n, d.row_ptr, d.col_idx, d.values, d.b, d.x, d.iterations); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.x, want.x, tol, "x");
}

HPCCODER_MAIN()
