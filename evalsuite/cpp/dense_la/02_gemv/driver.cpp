#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, gemv,
                   (const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y,
                    size_t M, size_t N))

struct Inputs {
    size_t M = 0, N = 0;
    std::vector<double> A, x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

// Sizes 9000 + t are directed shapes (the table below): an empty inner dimension (N = 0, so y = 0),
// one column, one row.
static const size_t directed[][2] = {{5, 0}, {1, 0}, {7, 1}, {1, 12}};
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->M = (size_t)n;
    in->N = (size_t)(3 * n / 2 + 1);
    if (n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0]))
        in->M = directed[n - 9000][0], in->N = directed[n - 9000][1];
    in->A = rng.vector((long)(in->M * in->N), -1, 1);
    in->x = rng.vector((long)in->N, -1, 1);
    return Data{in, std::vector<double>(in->M)};
}

void prepare(Data &d) { hpc::poison(d.y); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(gemv, (const double *A, const double *x, double *y, size_t M, size_t N))

struct DeviceData {
    hpc::cuda::Array<double> A, x, y;
};
void upload(const Data &d, DeviceData &g) { g.A.upload(d.in->A), g.x.upload(d.in->x), g.y.upload(d.y); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"M", (double)d.in->M}, {"N", (double)d.in->N}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.A, g.x, g.y, d.in->M, d.in->N);
}
void download(DeviceData &g, Data &d) { g.y.download(d.y); }
#else
void call_candidate(Data &d) { gemv(d.in->A, d.in->x, d.y, d.in->M, d.in->N); }
#endif
void call_reference(Data &d) { gemv__hpcref(d.in->A, d.in->x, d.y, d.in->M, d.in->N); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.y, want.y, tol, "y");
}

HPCCODER_MAIN()
