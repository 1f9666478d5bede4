#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, spmm,
                   (size_t M, size_t N, size_t K, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<double> &values, const std::vector<double> &B, std::vector<double> &C))

struct Inputs {
    size_t K = 0;
    hpc::Csr A;
    std::vector<double> B;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> C;
};

// Sizes 9000 + t are directed non-square shapes (the table below, M x N x K), wide and tall, so that a
// kernel that mixes up M and N fails; the others are square (M = N = n).
static const long directed[][3] = {{37, 300, 5}, {300, 37, 3}, {1, 40, 7}, {40, 1, 2}, {0, 7, 3}};
Data make(hpc::Rng &rng, long n) {
    long M = n, N = n;
    auto in = std::make_shared<Inputs>();
    in->K = n >= 100000 ? 16 : (size_t)(1 + n % 13);
    if (n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0]))
        M = directed[n - 9000][0], N = directed[n - 9000][1], in->K = (size_t)directed[n - 9000][2];
    in->A = hpc::random_csr(rng, M, N, 16, -1, 1);
    in->B = rng.vector(N * (long)in->K, -1, 1);
    return Data{in, std::vector<double>((size_t)M * in->K)};
}

void prepare(Data &d) { hpc::poison(d.C); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(spmm, (size_t M, size_t N, size_t K, const int *row_ptr, const int *col_idx, const double *values,
                       const double *B, double *C))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx;
    hpc::cuda::Array<double> values, B, C;
};
void upload(const Data &d, DeviceData &g) {
    const hpc::Csr &A = d.in->A;
    g.row_ptr.upload(A.row_ptr), g.col_idx.upload(A.col_idx), g.values.upload(A.values);
    g.B.upload(d.in->B), g.C.upload(d.C);
}
hpc::cuda::Vars launch_vars(const Data &d) {
    const hpc::Csr &A = d.in->A;
    return {{"M", (double)A.rows}, {"N", (double)A.cols}, {"K", (double)d.in->K}};
}
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const hpc::Csr &A = d.in->A;
    k<<<L.grid, L.block>>>((size_t)A.rows, (size_t)A.cols, d.in->K, g.row_ptr, g.col_idx, g.values, g.B, g.C);
}
void download(DeviceData &g, Data &d) { g.C.download(d.C); }
#else
void call_candidate(Data &d) {
    const hpc::Csr &A = d.in->A;
    spmm((size_t)A.rows, (size_t)A.cols, d.in->K, A.row_ptr, A.col_idx, A.values, d.in->B, d.C);
}
#endif
void call_reference(Data &d) {
    const hpc::Csr &A = d.in->A;
    spmm__hpcref((size_t)A.rows, (size_t)A.cols, d.in->K, A.row_ptr, A.col_idx, A.values, d.in->B, d.C);
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.C, want.C, tol, "C");
}

HPCCODER_MAIN()
