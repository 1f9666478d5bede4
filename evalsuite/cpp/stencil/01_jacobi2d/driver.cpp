#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, jacobi2d, (std::vector<double> &u, size_t n, int iterations))

struct Data {
    size_t n = 0;
    int iterations = 0;
    std::vector<double> u0, u;  // u0: the input grid; u: what the kernel overwrites
};

Data make(hpc::Rng &rng, long n) {
    Data d;
    d.n = (size_t)n;
    d.iterations = n > 512 ? 40 : (int)rng.integer(1, 6);
    d.u0 = rng.vector(n * n, -1, 1);
    return d;
}

void prepare(Data &d) { d.u = d.u0; }
void call_candidate(Data &d) { jacobi2d(d.u, d.n, d.iterations); }
void call_reference(Data &d) { jacobi2d__hpcref(d.u, d.n, d.iterations); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.u, want.u, tol, "u");
}

HPCCODER_MAIN()
