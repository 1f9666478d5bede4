#include <cstddef>
#include <vector>

// Horner's rule: y = (...(c[d] x + c[d-1]) x + ...) x + c[0]; the empty polynomial is 0.
void poly_eval(const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y) {
    const std::size_t n = x.size(), m = c.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double t = x[i];
        double s = 0.0;
        for (std::size_t k = m; k-- > 0;) s = s * t + c[k];
        y[i] = s;
    }
}
