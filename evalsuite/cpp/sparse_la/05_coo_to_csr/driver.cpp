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
// some entries sum to exactly zero and must be kept. At the check sizes (n < 100000) one in ten
// of the other values is exactly 0.0, so that zero triplets (a pair whose only value is 0) must be
// kept too.
Data make(hpc::Rng &rng, long n) {
    const bool zeros = n < 100000;
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
        if (zeros && rng.uniform() < 0.1) d.vals[k] = 0.0;
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
#ifdef HPCCODER_CUDA
// Seven launches, phase = 0..6, with scratch arrays count, bucket_cols and bucket_vals (see
// problem.yaml). col_idx and values have room for every triplet; the first row_ptr[M] count.
HPCCODER_KERNEL(coo_to_csr, (size_t M, size_t N, size_t nnz, const int *rows, const int *cols, const double *vals,
                             int *row_ptr, int *col_idx, double *values, int *count, int *bucket_cols,
                             double *bucket_vals, int phase))

struct DeviceData {
    hpc::cuda::Array<int> rows, cols, row_ptr, col_idx, count, bucket_cols;
    hpc::cuda::Array<double> vals, values, bucket_vals;
};
void upload(const Data &d, DeviceData &g) {
    const Inputs &in = *d.in;
    const size_t nnz = in.rows.size();
    g.rows.upload(in.rows), g.cols.upload(in.cols), g.vals.upload(in.vals), g.row_ptr.upload(d.row_ptr);
    std::vector<int> ijunk(nnz), cjunk(in.M + 1);
    std::vector<double> djunk(nnz);
    poison_ints(ijunk), poison_ints(cjunk), hpc::poison(djunk);
    g.col_idx.upload(ijunk), g.values.upload(djunk);
    g.count.upload(cjunk), g.bucket_cols.upload(ijunk), g.bucket_vals.upload(djunk);
}
hpc::cuda::Vars launch_vars(const Data &d) {
    return {{"M", (double)d.in->M}, {"N", (double)d.in->N}, {"nnz", (double)d.in->rows.size()}};
}
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const Inputs &in = *d.in;
    for (int phase = 0; phase < 7; ++phase)
        k<<<L.grid, L.block>>>(in.M, in.N, in.rows.size(), g.rows, g.cols, g.vals, g.row_ptr, g.col_idx, g.values,
                               g.count, g.bucket_cols, g.bucket_vals, phase);
}
// The result's length is row_ptr[M]; one out of range (a wrong row_ptr, which the check reports)
// reads back nothing.
void download(DeviceData &g, Data &d) {
    g.row_ptr.download(d.row_ptr);
    g.col_idx.download(d.col_idx), g.values.download(d.values);
    const long len = d.row_ptr.empty() ? 0 : d.row_ptr.back();
    const size_t keep = len >= 0 && (size_t)len <= d.col_idx.size() ? (size_t)len : 0;
    d.col_idx.resize(keep), d.values.resize(keep);
}
#else
void call_candidate(Data &d) {
    const Inputs &in = *d.in;
    coo_to_csr(in.M, in.N, in.rows, in.cols, in.vals, d.row_ptr, d.col_idx, d.values);
}
#endif
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
    hpc::Verdict v = hpc::unmodified(got.in->rows, want.in->rows, "rows");  // "the inputs are not modified"
    if (v.ok) v = hpc::unmodified(got.in->cols, want.in->cols, "cols");
    if (v.ok) v = hpc::unmodified(got.in->vals, want.in->vals, "vals");
    if (v.ok) v = same_ints(got.row_ptr, want.row_ptr, "row_ptr");
    if (v.ok) v = same_ints(got.col_idx, want.col_idx, "col_idx");
    if (v.ok) v = hpc::compare(got.values, want.values, tol, "values");
    return v;
}

HPCCODER_MAIN()
