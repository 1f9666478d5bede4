#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, softmax_rows, (std::vector<double> &A, size_t rows, size_t cols))

struct Inputs {
    size_t rows = 0, cols = 0;
    std::vector<double> A0;  // the input matrix
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> A;  // what the kernel overwrites
};

// Each row: an offset in [-950, 950] (exp of it overflows or underflows for most rows) plus
// values spread over up to 50, so a row mixes entries near 1 with ones near 0.
// Check sizes 4 and 5 (directed): rows whose entries are far apart, up to the +-1000 the prompt allows
// (a shift by anything but the row's maximum overflows or loses every entry); check size 6: cols = 0
// with rows > 0.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    if (n == 4 || n == 5) {
        static const double far[][3] = {{-800, 0, -400},    {0, -800, -799},  {-1000, 1000, 0},
                                        {1000, -1000, 999}, {-1000, -1000, -1000}, {1000, 1000, -1000}};
        in->rows = 6;
        in->cols = n == 4 ? 2 : 3;  // the first two entries of each row, or all three
        for (size_t i = 0; i < in->rows; ++i)
            for (size_t j = 0; j < in->cols; ++j) in->A0.push_back(far[i][j]);
        return Data{in, {}};
    }
    if (n == 6) {
        in->rows = 6;
        in->cols = 0;
        return Data{in, {}};
    }
    in->rows = (size_t)n;
    in->cols = n >= 50000 ? 200 : (size_t)(n % 37 + 1);
    in->A0.resize(in->rows * in->cols);
    for (size_t i = 0; i < in->rows; ++i) {
        const double offset = rng.uniform(-950, 950), spread = rng.uniform(0, 50);
        for (size_t j = 0; j < in->cols; ++j) in->A0[i * in->cols + j] = offset + rng.uniform(-spread, spread);
    }
    return Data{in, {}};
}

void prepare(Data &d) { d.A = d.in->A0; }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(softmax_rows, (double *A, size_t rows, size_t cols))

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
void call_candidate(Data &d) { softmax_rows(d.A, d.in->rows, d.in->cols); }
#endif
void call_reference(Data &d) { softmax_rows__hpcref(d.A, d.in->rows, d.in->cols); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.A, want.A, tol, "A");
}

HPCCODER_MAIN()
