#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, gemv,
                   (const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y,
                    size_t M, size_t N))

struct Data {
    size_t M = 0, N = 0;
    std::vector<double> A, x, y;
};

Data make(hpc::Rng &rng, long n) {
    Data d;
    d.M = (size_t)n;
    d.N = (size_t)(3 * n / 2 + 1);
    d.A = rng.vector((long)(d.M * d.N), -1, 1);
    d.x = rng.vector((long)d.N, -1, 1);
    d.y.resize(d.M);
    return d;
}

void prepare(Data &d) { hpc::poison(d.y); }
void call_candidate(Data &d) { gemv(d.A, d.x, d.y, d.M, d.N); }
void call_reference(Data &d) { gemv__hpcref(d.A, d.x, d.y, d.M, d.N); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.y, want.y, tol, "y");
}

HPCCODER_MAIN()
