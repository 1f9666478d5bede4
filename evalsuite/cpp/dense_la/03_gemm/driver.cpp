#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, gemm,
                   (const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                    size_t M, size_t K, size_t N))

struct Inputs {
    size_t M = 0, K = 0, N = 0;
    std::vector<double> A, B;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> C;
};

// Sizes 9000 + t are directed shapes (the table below, M x K x N): an empty inner dimension (K = 0,
// so C = 0), and M or N of 1 with K = 1.
static const size_t directed[][3] = {{4, 0, 5}, {1, 0, 1}, {3, 1, 1}, {1, 1, 6}};
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->M = (size_t)n;
    in->K = (size_t)n + 1;
    in->N = (size_t)n + 3;
    if (n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0]))
        in->M = directed[n - 9000][0], in->K = directed[n - 9000][1], in->N = directed[n - 9000][2];
    in->A = rng.vector((long)(in->M * in->K), -1, 1);
    in->B = rng.vector((long)(in->K * in->N), -1, 1);
    return Data{in, std::vector<double>(in->M * in->N)};
}

void prepare(Data &d) { hpc::poison(d.C); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(gemm, (const double *A, const double *B, double *C, size_t M, size_t K, size_t N))

struct DeviceData {
    hpc::cuda::Array<double> A, B, C;
};
void upload(const Data &d, DeviceData &g) { g.A.upload(d.in->A), g.B.upload(d.in->B), g.C.upload(d.C); }
hpc::cuda::Vars launch_vars(const Data &d) {
    return {{"M", (double)d.in->M}, {"K", (double)d.in->K}, {"N", (double)d.in->N}};
}
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.A, g.B, g.C, d.in->M, d.in->K, d.in->N);
}
void download(DeviceData &g, Data &d) { g.C.download(d.C); }
#else
void call_candidate(Data &d) { gemm(d.in->A, d.in->B, d.C, d.in->M, d.in->K, d.in->N); }
#endif
void call_reference(Data &d) { gemm__hpcref(d.in->A, d.in->B, d.C, d.in->M, d.in->K, d.in->N); }

// Entries of C are sums of K products of magnitude <= 1: scale the absolute tolerance by K.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.C, want.C, hpc::Tol{tol.rtol, tol.atol * (double)want.in->K}, "C");
}

HPCCODER_MAIN()
