#include <cstddef>
#include <vector>

// x & 1 is 1 exactly for odd values, negative ones included (x % 2 is -1 for those).
size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    size_t count = 0;
    for (int v : x) count += (size_t)((v & 1) & (v >= lo) & (v <= hi));
    return count;
}
