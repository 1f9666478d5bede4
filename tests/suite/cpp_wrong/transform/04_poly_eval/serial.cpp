// Reads the coefficients highest degree first (c[0] as the leading coefficient): Horner over c in the wrong order.
#include <cstddef>
#include <vector>

void poly_eval(const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        double s = 0.0;
        for (std::size_t k = 0; k < c.size(); ++k) s = s * x[i] + c[k];
        y[i] = s;
    }
}
