#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, filter5x5,
                   (const std::vector<double> &img, size_t rows, size_t cols, const std::vector<double> &w,
                    std::vector<double> &out))

struct Inputs {
    size_t rows = 0, cols = 0;
    std::vector<double> img, w;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> out;
};

// A filter with no symmetry, so a flipped filter (convolution instead of correlation) or a
// transposed one gives different results.
// Sizes 9000 + t are directed shapes (the table below, rows x cols): narrow images with several rows
// ("rows or cols may be 0"), whose every pixel is a border pixel.
static const size_t directed[][2] = {{6, 0}, {7, 1}, {8, 2}, {3, 1}, {9, 3}};
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->rows = (size_t)n;
    in->cols = (size_t)(3 * n / 2 + 1);
    if (n >= 9000 && n < 9000 + (long)(sizeof directed / sizeof directed[0]))
        in->rows = directed[n - 9000][0], in->cols = directed[n - 9000][1];
    in->img = rng.vector((long)(in->rows * in->cols), -1, 1);
    in->w = rng.vector(25, -1, 1);
    return Data{in, std::vector<double>(in->rows * in->cols)};
}

void prepare(Data &d) { hpc::poison(d.out); }
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(filter5x5, (const double *img, size_t rows, size_t cols, const double *w, double *out))

struct DeviceData {
    hpc::cuda::Array<double> img, w, out;
};
void upload(const Data &d, DeviceData &g) { g.img.upload(d.in->img), g.w.upload(d.in->w), g.out.upload(d.out); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"rows", (double)d.in->rows}, {"cols", (double)d.in->cols}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.img, d.in->rows, d.in->cols, g.w, g.out);
}
void download(DeviceData &g, Data &d) { g.out.download(d.out); }
#else
void call_candidate(Data &d) { filter5x5(d.in->img, d.in->rows, d.in->cols, d.in->w, d.out); }
#endif
void call_reference(Data &d) { filter5x5__hpcref(d.in->img, d.in->rows, d.in->cols, d.in->w, d.out); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.out, want.out, tol, "out");
}

HPCCODER_MAIN()
