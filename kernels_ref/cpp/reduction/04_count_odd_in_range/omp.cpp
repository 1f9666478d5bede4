#include <cstddef>
#include <omp.h>
#include <vector>

size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    size_t count = 0;
#pragma omp parallel for reduction(+ : count)
    for (long i = 0; i < (long)x.size(); ++i) {
        const int v = x[i];
        count += (size_t)((v & 1) & (v >= lo) & (v <= hi));
    }
    return count;
}
