// wrong: keeps the elements equal to the threshold too (>= instead of >)
#include <vector>

void select_greater(const std::vector<double> &x, double threshold, std::vector<double> &out) {
    out.clear();
    for (double v : x)
        if (v >= threshold) out.push_back(v);
}
