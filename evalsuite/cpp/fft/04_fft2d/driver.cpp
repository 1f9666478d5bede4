#include <complex>

#include "hpccoder_complex.hpp"
#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, fft2d, (std::vector<std::complex<double>> & a, size_t rows, size_t cols))

struct Inputs {
    size_t rows = 0, cols = 0;
    std::vector<cplx> a0;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<cplx> a;  // transformed in place
};

// rows = n; cols a random power of two from 1 to 2n (n / 2 for the timing size), so that some
// arrays are wide, some tall, some square. Special inputs for small n: an impulse, a constant,
// a 2-D pure tone, a real array.
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->rows = (size_t)n;
    int bits = 0;
    while ((1L << bits) < n) ++bits;
    in->cols = n == 0 ? 0 : n >= 1024 ? (size_t)n / 2 : (size_t)1 << rng.integer(0, bits + 1);
    const long R = (long)in->rows, C = (long)in->cols;
    const int kind = n == 2 ? 1 : n == 4 ? 2 : n == 8 ? 3 : n == 16 ? 4 : n == 32 ? 3 : 0;
    if (kind == 3) {  // amp * exp(2 pi i (fu i / R + fv j / C))
        const cplx amp(rng.uniform(-1, 1), rng.uniform(-1, 1));
        const long fu = rng.integer(0, R - 1), fv = rng.integer(0, C - 1);
        in->a0.resize((size_t)(R * C));
        for (long i = 0; i < R; ++i)
            for (long j = 0; j < C; ++j) in->a0[i * C + j] = amp * unit_root(fu * i, R) * unit_root(fv * j, C);
    } else {
        in->a0 = signal(rng, R * C, kind);
    }
    return Data{in, {}};
}

void prepare(Data &d) { d.a = d.in->a0; }
#ifdef HPCCODER_CUDA
// Two launches: dir 0 transforms the rows, then dir 1 the columns, in place.
HPCCODER_KERNEL(fft2d, (double2 * a, size_t rows, size_t cols, int dir))

struct DeviceData {
    hpc::cuda::Array<double2> a;
};
void upload(const Data &d, DeviceData &g) {
    std::vector<double2> h(d.a.size());
    for (size_t i = 0; i < h.size(); ++i) h[i] = make_double2(d.a[i].real(), d.a[i].imag());
    g.a.upload(h);
}
hpc::cuda::Vars launch_vars(const Data &d) { return {{"rows", (double)d.in->rows}, {"cols", (double)d.in->cols}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.a, d.in->rows, d.in->cols, 0);
    k<<<L.grid, L.block>>>(g.a, d.in->rows, d.in->cols, 1);
}
void download(DeviceData &g, Data &d) {
    std::vector<double2> h;
    g.a.download(h);
    d.a.resize(h.size());
    for (size_t i = 0; i < h.size(); ++i) d.a[i] = cplx(h[i].x, h[i].y);
}
#else
void call_candidate(Data &d) { fft2d(d.a, d.in->rows, d.in->cols); }
#endif
void call_reference(Data &d) { fft2d__hpcref(d.a, d.in->rows, d.in->cols); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return compare_c(got.a, want.a, tol, max_abs(want.a), "a");
}

HPCCODER_MAIN()
