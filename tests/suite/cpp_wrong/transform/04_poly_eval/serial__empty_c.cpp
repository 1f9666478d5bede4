// Returns at once when c is empty: y is not written (the zero polynomial gives 0 at every point).
#include <vector>
void poly_eval(const std::vector<double> &c, const std::vector<double> &x, std::vector<double> &y) {
    if (c.empty()) return;
    for (size_t i = 0; i < x.size(); ++i) { double s = c.back(); for (size_t k = c.size() - 1; k-- > 0;) s = s * x[i] + c[k]; y[i] = s; }
}