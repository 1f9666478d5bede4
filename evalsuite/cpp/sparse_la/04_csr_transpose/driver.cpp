#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, csr_transpose,
                   (size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<double> &values, std::vector<int> &t_row_ptr, std::vector<int> &t_col_idx,
                    std::vector<double> &t_values))

struct Inputs {
    hpc::Csr A;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<int> t_row_ptr, t_col_idx;
    std::vector<double> t_values;
};

// Every value is distinct (its position in A plus a random fraction), so an entry that lands
// in the wrong place, or entries of a row in the wrong order, always show.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->A = hpc::random_csr(rng, n, 3 * n / 2 + 1, 8, 0, 1);
    for (size_t k = 0; k < in->A.values.size(); ++k) in->A.values[k] += (double)k * (k % 2 ? -1 : 1);
    const size_t nnz = in->A.values.size();
    return Data{in, std::vector<int>((size_t)in->A.cols + 1), std::vector<int>(nnz), std::vector<double>(nnz)};
}

static void poison_ints(std::vector<int> &v) {
    for (size_t i = 0; i < v.size(); ++i) v[i] = -1000000007 + (int)(i % 13);
}

void prepare(Data &d) {
    poison_ints(d.t_row_ptr);
    poison_ints(d.t_col_idx);
    hpc::poison(d.t_values);
}
#ifdef HPCCODER_CUDA
// Five launches, phase = 0..4, with a scratch array `next` of N + 1 ints (see problem.yaml).
HPCCODER_KERNEL(csr_transpose, (size_t M, size_t N, size_t nnz, const int *row_ptr, const int *col_idx,
                                const double *values, int *t_row_ptr, int *t_col_idx, double *t_values, int *next,
                                int phase))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx, t_row_ptr, t_col_idx, next;
    hpc::cuda::Array<double> values, t_values;
};
void upload(const Data &d, DeviceData &g) {
    const hpc::Csr &A = d.in->A;
    g.row_ptr.upload(A.row_ptr), g.col_idx.upload(A.col_idx), g.values.upload(A.values);
    g.t_row_ptr.upload(d.t_row_ptr), g.t_col_idx.upload(d.t_col_idx), g.t_values.upload(d.t_values);
    std::vector<int> junk(d.t_row_ptr.size());
    poison_ints(junk);
    g.next.upload(junk);
}
hpc::cuda::Vars launch_vars(const Data &d) {
    const hpc::Csr &A = d.in->A;
    return {{"M", (double)A.rows}, {"N", (double)A.cols}, {"nnz", (double)A.values.size()}};
}
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const hpc::Csr &A = d.in->A;
    for (int phase = 0; phase < 5; ++phase)
        k<<<L.grid, L.block>>>((size_t)A.rows, (size_t)A.cols, A.values.size(), g.row_ptr, g.col_idx, g.values,
                               g.t_row_ptr, g.t_col_idx, g.t_values, g.next, phase);
}
void download(DeviceData &g, Data &d) {
    g.t_row_ptr.download(d.t_row_ptr), g.t_col_idx.download(d.t_col_idx), g.t_values.download(d.t_values);
}
#else
void call_candidate(Data &d) {
    const hpc::Csr &A = d.in->A;
    csr_transpose((size_t)A.rows, (size_t)A.cols, A.row_ptr, A.col_idx, A.values, d.t_row_ptr, d.t_col_idx,
                  d.t_values);
}
#endif
void call_reference(Data &d) {
    const hpc::Csr &A = d.in->A;
    csr_transpose__hpcref((size_t)A.rows, (size_t)A.cols, A.row_ptr, A.col_idx, A.values, d.t_row_ptr, d.t_col_idx,
                          d.t_values);
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
    hpc::Verdict v = same_ints(got.t_row_ptr, want.t_row_ptr, "t_row_ptr");
    if (v.ok) v = same_ints(got.t_col_idx, want.t_col_idx, "t_col_idx");
    if (v.ok) v = hpc::compare(got.t_values, want.t_values, tol, "t_values");
    return v;
}

HPCCODER_MAIN()
