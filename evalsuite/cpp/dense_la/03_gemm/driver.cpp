#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, gemm,
                   (const std::vector<double> &A, const std::vector<double> &B, std::vector<double> &C,
                    size_t M, size_t K, size_t N))

struct Data {
    size_t M = 0, K = 0, N = 0;
    std::vector<double> A, B, C;
};

Data make(hpc::Rng &rng, long n) {
    Data d;
    d.M = (size_t)n;
    d.K = (size_t)n + 1;
    d.N = (size_t)n + 3;
    d.A = rng.vector((long)(d.M * d.K), -1, 1);
    d.B = rng.vector((long)(d.K * d.N), -1, 1);
    d.C.resize(d.M * d.N);
    return d;
}

void prepare(Data &d) { hpc::poison(d.C); }
void call_candidate(Data &d) { gemm(d.A, d.B, d.C, d.M, d.K, d.N); }
void call_reference(Data &d) { gemm__hpcref(d.A, d.B, d.C, d.M, d.K, d.N); }

// Entries of C are sums of K products of magnitude <= 1: scale the absolute tolerance by K.
hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.C, want.C, hpc::Tol{tol.rtol, tol.atol * (double)want.K}, "C");
}

HPCCODER_MAIN()
