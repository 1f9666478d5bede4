#include <vector>

long find_first(const std::vector<int> &x, int target) {
    for (long i = 0; i < (long)x.size(); ++i)
        if (x[i] == target) return i;
    return -1;
}
