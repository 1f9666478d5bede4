#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, lu, (std::vector<double> &A, size_t n))

struct Inputs {
    size_t n = 0;
    std::vector<double> A0;  // the input matrix
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> A;  // what the kernel overwrites
};

// Off-diagonal entries in [-1, 1]; each diagonal entry exceeds its row's off-diagonal sum by
// 0.5 to 1.5 and has a random sign, so the pivots are not all positive.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->n = (size_t)n;
    in->A0 = rng.vector(n * n, -1, 1);
    for (long i = 0; i < n; ++i) {
        double off = 0;
        for (long j = 0; j < n; ++j) off += j == i ? 0.0 : std::fabs(in->A0[i * n + j]);
        double d = off + rng.uniform(0.5, 1.5);
        in->A0[i * n + i] = rng.next() & 1 ? d : -d;
    }
    return Data{in, {}};
}

void prepare(Data &d) { d.A = d.in->A0; }
#ifdef HPCCODER_CUDA
// One elimination step per pair of launches: for k = 0 .. n-2, stage 0 (multipliers) then stage 1 (update).
HPCCODER_KERNEL(lu, (double *A, size_t n, size_t k, int stage))

struct DeviceData {
    hpc::cuda::Array<double> A;
};
void upload(const Data &d, DeviceData &g) { g.A.upload(d.A); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.in->n}}; }
void launch(Kernel kernel, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    const size_t n = d.in->n;
    for (size_t k = 0; k + 1 < n; ++k) {
        kernel<<<L.grid, L.block>>>(g.A, n, k, 0);
        kernel<<<L.grid, L.block>>>(g.A, n, k, 1);
    }
}
void download(DeviceData &g, Data &d) { g.A.download(d.A); }
#else
void call_candidate(Data &d) { lu(d.A, d.in->n); }
#endif
void call_reference(Data &d) { lu__hpcref(d.A, d.in->n); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.A, want.A, tol, "A");
}

HPCCODER_MAIN()
