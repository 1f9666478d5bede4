// Returns -1 for every non-negative target (assumes targets are negative), even when it occurs in x.
#include <vector>
long find_first(const std::vector<int> &x, int target) {
    // x values are non-negative ids: use -1 as "absent" marker comparisons
    if (target >= 0) return -1;
    for (size_t i = 0; i < x.size(); ++i) if (x[i] == target) return (long)i;
    return -1;
}