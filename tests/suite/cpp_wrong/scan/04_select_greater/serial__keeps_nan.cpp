// wrong: tests !(v <= threshold), which is true for NaN, so NaN elements are kept
#include <vector>
void select_greater(const std::vector<double> &x, double threshold, std::vector<double> &out) {
    out.clear();
    for (double v : x)
        if (!(v <= threshold)) out.push_back(v);  // equal ones dropped
}
