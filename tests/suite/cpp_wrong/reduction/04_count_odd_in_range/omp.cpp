// wrong: tests oddness with x % 2 == 1, which is false for negative odd values (their remainder is -1)
#include <cstddef>
#include <omp.h>
#include <vector>

size_t count_odd_in_range(const std::vector<int> &x, int lo, int hi) {
    size_t count = 0;
#pragma omp parallel for reduction(+ : count)
    for (long i = 0; i < (long)x.size(); ++i)
        if (x[i] % 2 == 1 && x[i] >= lo && x[i] <= hi) ++count;
    return count;
}
