#include <algorithm>
#include <vector>

void sort_doubles(std::vector<double> &x) { std::sort(x.begin(), x.end()); }
