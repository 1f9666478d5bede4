// wrong: a plain parallel sum (OpenMP reduction) without compensation loses the small terms among the large ones
#include <omp.h>
#include <vector>

double accurate_sum(const std::vector<double> &x) {
    double s = 0.0;
#pragma omp parallel for reduction(+ : s)
    for (long i = 0; i < (long)x.size(); ++i) s += x[i];
    return s;
}
