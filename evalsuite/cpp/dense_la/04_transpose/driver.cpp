#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, transpose, (const std::vector<double> &A, std::vector<double> &B, size_t M, size_t N))

struct Inputs {
    size_t M = 0, N = 0;
    std::vector<double> A;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> B;
};

// Non-square shapes (N = 5M/3 + 1), so a transpose that mixes up M and N in a stride fails;
// every value is distinct, so a misplaced element always shows. Sizes 9000 + t are directed
// shapes (the table below): N = 0 with M > 0 ("either may be 0"), one row, one column.
static const size_t directed[][2] = {{5, 0}, {1, 0}, {1, 9}, {9, 1}};
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->M = (size_t)n;
    in->N = (size_t)(5 * n / 3 + 1);
    if (n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0]))
        in->M = directed[n - 9000][0], in->N = directed[n - 9000][1];
    in->A.resize(in->M * in->N);
    for (size_t k = 0; k < in->A.size(); ++k) in->A[k] = (double)k + rng.uniform(0.0, 0.5);
    return Data{in, std::vector<double>(in->M * in->N)};
}

void prepare(Data &d) { hpc::poison(d.B); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(transpose, (const double *A, double *B, size_t M, size_t N))

struct DeviceData {
    hpc::cuda::Array<double> A, B;
};
void upload(const Data &d, DeviceData &g) { g.A.upload(d.in->A), g.B.upload(d.B); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"M", (double)d.in->M}, {"N", (double)d.in->N}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.A, g.B, d.in->M, d.in->N);
}
void download(DeviceData &g, Data &d) { g.B.download(d.B); }
#else
void call_candidate(Data &d) { transpose(d.in->A, d.B, d.in->M, d.in->N); }
#endif
void call_reference(Data &d) { transpose__hpcref(d.in->A, d.B, d.in->M, d.in->N); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.B, want.B, tol, "B");
}

HPCCODER_MAIN()
