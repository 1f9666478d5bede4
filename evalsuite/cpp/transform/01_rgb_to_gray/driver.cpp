#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, rgb_to_gray, (const std::vector<uint8_t> &rgb, std::vector<uint8_t> &gray))

struct Inputs {
    std::vector<uint8_t> rgb;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<uint8_t> gray;
};

// Random bytes, with one pixel in 8 all black or all white (the ends of the range, where an
// overflow or a wrong rounding shows).
Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->rgb.resize(3 * (size_t)n);
    for (long i = 0; i < n; ++i) {
        const long kind = rng.integer(0, 15);
        for (int c = 0; c < 3; ++c)
            in->rgb[3 * i + c] = kind == 0 ? 0 : kind == 1 ? 255 : (uint8_t)rng.integer(0, 255);
    }
    return Data{in, std::vector<uint8_t>((size_t)n)};
}

void prepare(Data &d) {
    for (size_t i = 0; i < d.gray.size(); ++i) d.gray[i] = (uint8_t)(0xA5 ^ (i % 7));
}
#ifdef HPCCODER_CUDA
HPCCODER_KERNEL(rgb_to_gray, (const unsigned char *rgb, unsigned char *gray, size_t n))

struct DeviceData {
    hpc::cuda::Array<uint8_t> rgb, gray;
};
void upload(const Data &d, DeviceData &g) { g.rgb.upload(d.in->rgb), g.gray.upload(d.gray); }
hpc::cuda::Vars launch_vars(const Data &d) { return {{"n", (double)d.gray.size()}}; }
void launch(Kernel k, DeviceData &g, const Data &d, const hpc::cuda::Launch &L) {
    k<<<L.grid, L.block>>>(g.rgb, g.gray, d.gray.size());
}
void download(DeviceData &g, Data &d) { g.gray.download(d.gray); }
#else
void call_candidate(Data &d) { rgb_to_gray(d.in->rgb, d.gray); }
#endif
void call_reference(Data &d) { rgb_to_gray__hpcref(d.in->rgb, d.gray); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &) {
    if (got.gray.size() != want.gray.size())
        return hpc::Verdict::fail("gray has " + std::to_string(got.gray.size()) + " elements, expected " +
                                  std::to_string(want.gray.size()));
    for (size_t i = 0; i < got.gray.size(); ++i)
        if (got.gray[i] != want.gray[i])
            return hpc::Verdict::fail("gray[" + std::to_string(i) + "] = " + std::to_string(got.gray[i]) +
                                      ", expected " + std::to_string(want.gray[i]));
    return hpc::Verdict{};
}

HPCCODER_MAIN()
