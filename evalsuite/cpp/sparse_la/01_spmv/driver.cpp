#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, spmv,
                   (size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y))

struct Inputs {
    hpc::Csr A;
    std::vector<double> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

// Sizes 9000 + t are directed non-square shapes (the table below, M x N), wide and tall, so that a
// kernel that mixes up M and N fails; the others are square (M = N = n).
static const long directed[][2] = {{37, 300}, {300, 37}, {1, 50}, {50, 1}, {0, 7}};
Data make(hpc::Rng &rng, long n) {
    long M = n, N = n;
    if (n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0]))
        M = directed[n - 9000][0], N = directed[n - 9000][1];
    auto in = std::make_shared<Inputs>();
    in->A = hpc::random_csr(rng, M, N, 16, -1, 1);
    in->x = rng.vector(N, -1, 1);
    return Data{in, std::vector<double>((size_t)M)};
}

void prepare(Data &d) { hpc::poison(d.y); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(spmv, (size_t M, size_t N, const int *row_ptr, const int *col_idx, const double *values,
                       const double *x, double *y))

struct DeviceData {
    hpc::cuda::Array<int> row_ptr, col_idx;
    hpc::cuda::Array<double> values, x, y;
};
void upload(const Data &d, DeviceData &g) {
    const hpc::Csr &A = d.in->A;
    g.row_ptr.upload(A.row_ptr), g.col_idx.upload(A.col_idx), g.values.upload(A.values);
    g.x.upload(d.in->x), g.y.upload(d.y);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"M", (double)d.in->A.rows}, {"N", (double)d.in->A.cols}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const hpc::Csr &A = d.in->A;
    k<<<L.grid, L.block>>>((size_t)A.rows, (size_t)A.cols, g.row_ptr, g.col_idx, g.values, g.x, g.y);
}
void download(DeviceData &g, Data &d) { g.y.download(d.y); }
#else
void call_candidate(Data &d) {
    const hpc::Csr &A = d.in->A;
    spmv((size_t)A.rows, (size_t)A.cols, A.row_ptr, A.col_idx, A.values, d.in->x, d.y);
}
#endif
void call_reference(Data &d) {
    const hpc::Csr &A = d.in->A;
    spmv__hpcref((size_t)A.rows, (size_t)A.cols, A.row_ptr, A.col_idx, A.values, d.in->x, d.y);
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.y, want.y, tol, "y");
}

HPCCODER_MAIN()
