#include <cstddef>
#include <cstdint>
#include <vector>

void exclusive_sum_inplace(std::vector<int64_t> &x) {
    int64_t s = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        const int64_t v = x[i];
        x[i] = s;
        s += v;
    }
}
