#include "hpccoder_driver.hpp"

HPCCODER_INTERFACE(void, linear_recurrence,
                   (const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &y))

struct Inputs {
    std::vector<double> a, b;
};

struct Data {
    std::shared_ptr<const Inputs> in;
    std::vector<double> y;
};

Data make(hpc::Rng &rng, long n) {
    auto in = std::make_shared<Inputs>();
    in->a = rng.vector(n, -0.99, 0.99);
    in->b = rng.vector(n, -1, 1);
    return Data{in, std::vector<double>((size_t)n)};
}

void prepare(Data &d) { hpc::poison(d.y); }
void call_candidate(Data &d) { linear_recurrence(d.in->a, d.in->b, d.y); }
void call_reference(Data &d) { linear_recurrence__hpcref(d.in->a, d.in->b, d.y); }

hpc::Verdict check(const Data &got, const Data &want, const hpc::Tol &tol) {
    return hpc::compare(got.y, want.y, tol, "y");
}

HPCCODER_MAIN()
