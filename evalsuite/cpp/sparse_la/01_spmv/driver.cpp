#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, spmv,
                   (size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    const std::vector<double> &values, const std::vector<double> &x, std::vector<double> &y))

struct Inputs {
    hpc::Csr A;
    std::vector<double> x;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->A = hpc::random_csr(rng, n, n, 16, -1, 1);
    in->x = rng.vector(n, -1, 1);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.y); }
void call_candidate(Data &d) {
    const hpc::Csr &A = d.in->A;
    spmv((size_t)A.rows, (size_t)A.cols, A.row_ptr, A.col_idx, A.values, d.in->x, d.y);
}
void call_reference(Data &d) {
    const hpc::Csr &A = d.in->A;
    spmv__hpcref((size_t)A.rows, (size_t)A.cols, A.row_ptr, A.col_idx, A.values, d.in->x, d.y);
}

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.y, want.y, tol, "y");
}

HPCCODER_MAIN()
