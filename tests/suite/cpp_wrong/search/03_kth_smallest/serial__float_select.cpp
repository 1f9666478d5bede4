// Selects on float copies of the values: values that are equal as floats (1.0000000001, 1.0000000002) are confused.
#include <vector>
#include <algorithm>
double kth_smallest(const std::vector<double> &x, size_t k) {
    std::vector<float> c(x.begin(), x.end());
    std::nth_element(c.begin(), c.begin() + k, c.end());
    float f = c[k];
    // return the original value that rounds to f
    for (double v : x) if ((float)v == f) return v;
    return f;
}