#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, coo_to_csr,
                   (size_t M, size_t N, const std::vector<int> &rows, const std::vector<int> &cols,
                    const std::vector<double> &vals, std::vector<int> &row_ptr, std::vector<int> &col_idx,
                    std::vector<double> &values))

struct Inputs {
    size_t M = 0, N = 0;
    std::vector<int> rows, cols;
    std::vector<double> vals;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> row_ptr, col_idx;
    std::vector<double> values;
};

// 6n triplets in random order. About 30% repeat the pair of an earlier triplet (so a pair
// can appear many times), and a quarter of those carry the negated earlier value, so that
// some entries sum to exactly zero and must be kept.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    Inputs &d = *in;
    d.M = (size_t)n;
    d.N = (size_t)(5 * n / 4 + 1);
    const long nnz = 6 * n;
    d.rows.resize(nnz);
    d.cols.resize(nnz);
    d.vals.resize(nnz);
    for (long k = 0; k < nnz; ++k) {
        if (k > 0 && rng.uniform() < 0.3) {
            const long e = rng.integer(0, k - 1);
            d.rows[k] = d.rows[e];
            d.cols[k] = d.cols[e];
            d.vals[k] = rng.uniform() < 0.25 ? -d.vals[e] : rng.uniform(-1, 1);
        } else {
            d.rows[k] = (int)rng.integer(0, n - 1);
            d.cols[k] = (int)rng.integer(0, (long)d.N - 1);
            d.vals[k] = rng.uniform(-1, 1);
        }
    }
    return Data{in, std::vector<int>(d.M + 1), {}, {}};
}

static void poison_ints(std::vector<int> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = -1000000007 + (int)(i % 13);
}

// col_idx and values come in with a few poisoned elements: the kernel must resize them.
void prepare(Data &d) {
    poison_ints(d.row_ptr);
    d.col_idx.assign(3, 0);
    poison_ints(d.col_idx);
    d.values.assign(3, 0.0);
    hpc::poison(d.values);
}
void call_candidate(Data &d) {
    const Inputs &in = *d.in;
    coo_to_csr(in.M, in.N, in.rows, in.cols, in.vals, d.row_ptr, d.col_idx, d.values);
}
void call_reference(Data &d) {
    const Inputs &in = *d.in;
    coo_to_csr__hpcref(in.M, in.N, in.rows, in.cols, in.vals, d.row_ptr, d.col_idx, d.values);
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

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict v = same_ints(got.row_ptr, want.row_ptr, "row_ptr");
    if (v.ok) v = same_ints(got.col_idx, want.col_idx, "col_idx");
    if (v.ok) v = hpc::compare(got.values, want.values, tol, "values");
    return v;
}

HPCCODER_MAIN()
