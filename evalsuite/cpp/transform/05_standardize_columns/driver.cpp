#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, standardize_columns, (std::vector<double> &A, size_t rows, size_t cols))

struct Inputs {
    size_t rows = 0, cols = 0;
    std::vector<double> A0;  // the input matrix
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> A;  // what the kernel overwrites
};

// Each column gets a kind: small offset and spread; a large offset (1e5 to 1e6, either sign)
// with a spread of 1 to 10, where the one-pass variance fails; a spread of 1e-100 (no
// "variance below a threshold" shortcut); constant (a random value repeated: its computed
// mean need not equal it, so only an equality test finds it); two distinct values.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->rows = (size_t)n;
    in->cols = n >= 10000 ? 400 : (size_t)(n % 13 + 5);
    const size_t R = in->rows, C = in->cols;
    in->A0.resize(R * C);
    for (size_t j = 0; j < C; ++j) {
        const long kind = rng.integer(0, 9);
        if (kind < 4) {
            const double off = rng.uniform(-10, 10), spread = rng.uniform(0.5, 5);
            for (size_t i = 0; i < R; ++i) in->A0[i * C + j] = off + rng.uniform(-spread, spread);
        } else if (kind < 7) {
            const double off = (rng.integer(0, 1) ? 1 : -1) * rng.uniform(1e5, 1e6), spread = rng.uniform(1, 10);
            for (size_t i = 0; i < R; ++i) in->A0[i * C + j] = off + rng.uniform(-spread, spread);
        } else if (kind == 7) {
            for (size_t i = 0; i < R; ++i) in->A0[i * C + j] = rng.uniform(-1, 1) * 1e-100;
        } else if (kind == 8) {
            const double v = rng.uniform(-1000, 1000);
            for (size_t i = 0; i < R; ++i) in->A0[i * C + j] = v;
        } else {
            const double a = rng.uniform(-100, 100), b = a + rng.uniform(0.1, 10);
            for (size_t i = 0; i < R; ++i) in->A0[i * C + j] = rng.integer(0, 2) ? a : b;
        }
    }
    return Data{in, {}};
}

void prepare(Data &d) { d.A = d.in->A0; }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(standardize_columns, (double *A, size_t rows, size_t cols))

struct DeviceData {
    hpc::cuda::Array<double> A;
};
void upload(const Data &d, DeviceData &g) { g.A.upload(d.A); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"rows", (double)d.in->rows}, {"cols", (double)d.in->cols}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.A, d.in->rows, d.in->cols);
}
void download(DeviceData &g, Data &d) { g.A.download(d.A); }
#else
void call_candidate(Data &d) { standardize_columns(d.A, d.in->rows, d.in->cols); }
#endif
void call_reference(Data &d) { standardize_columns__hpcref(d.A, d.in->rows, d.in->cols); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    hpc::Verdict v = hpc::compare(got.A, want.A, tol, "A");
    if (!v.ok && v.why.rfind("A[", 0) == 0) {  // name the row and column
        const size_t at = std::strtoul(v.why.c_str() + 2, nullptr, 10), C = want.in->cols;
        if (at < want.A.size())
            v.why += " (row " + std::to_string(at / C) + ", column " + std::to_string(at % C) + " of a " +
                     std::to_string(want.in->rows) + " x " + std::to_string(C) + " matrix; input " +
                     hpc::fmt_double(want.in->A0[at]) + ")";
    }
    return v;
}

HPCCODER_MAIN()
