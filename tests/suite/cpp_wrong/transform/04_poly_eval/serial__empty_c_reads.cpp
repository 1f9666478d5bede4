// Reads c[c.size() - 1] with c empty (index SIZE_MAX): out of bounds for the zero polynomial.
#include <vector>
void poly_eval(const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y) {
    const size_t d = c.size() - 1;
    for (size_t i = 0; i < x.size(); ++i) { double s = c[d]; for (size_t k = d; k-- > 0;) s = s * x[i] + c[k]; y[i] = s; }
}