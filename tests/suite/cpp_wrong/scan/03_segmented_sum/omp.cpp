// wrong: adds the carry from the earlier blocks to every element of a block, also past the block's first segment start
#include <cstdint>
#include <omp.h>
#include <vector>

void segmented_sum(const std::vector<double> &x, const std::vector<uint8_t> &head, std::vector<double> &y) {
    const long n = (long)x.size();
    std::vector<double> last(omp_get_max_threads(), 0.0);
    std::vector<char> starts(last.size(), 0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long b = n * t / nt, e = n * (t + 1) / nt;
        double s = 0.0;
        bool any = false;
        for (long i = b; i < e; ++i) {
            if (head[i]) s = 0.0, any = true;
            y[i] = s += x[i];
        }
        last[t] = s, starts[t] = any;
#pragma omp barrier
        double carry = 0.0;
        for (int u = t - 1; u >= 0; --u) {
            carry += last[u];
            if (starts[u]) break;
        }
        for (long i = b; i < e; ++i) y[i] += carry;
    }
}
