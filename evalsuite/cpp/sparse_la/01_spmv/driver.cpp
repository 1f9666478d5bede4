#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, spmv,
                   (size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y))

struct Data {
    hpc::Csr A;
    std::vector<double> x, y;
};

Data make(hpc::Rng &rng, long n) {
    Data d;
    d.A = hpc::random_csr(rng, n, n, 16, -1, 1);
    d.x = rng.vector(n, -1, 1);
    d.y.resize((size_t)n);
    return d;
}

void prepare(Data &d) { hpc::poison(d.y); }
void call_candidate(Data &d) {
    spmv((size_t)d.A.rows, (size_t)d.A.cols, d.A.row_ptr, d.A.col_idx, d.A.values, d.x, d.y);
}
void call_reference(Data &d) {
    spmv__hpcref((size_t)d.A.rows, (size_t)d.A.cols, d.A.row_ptr, d.A.col_idx, d.A.values, d.x, d.y);
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.y, want.y, tol, "y");
}

HPCCODER_MAIN()
