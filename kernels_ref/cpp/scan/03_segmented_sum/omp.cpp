#include <cstdint>
#include <omp.h>
#include <vector>

// Each thread scans its block, restarting at segment starts, and records the block's final
// running sum and whether the block holds a start. After a barrier, the carry into a block is
// the sum of the previous blocks' final sums back to (and including) the last block with a
// start; it is added to the block's elements before the block's first start.
void segmented_sum(const std::vector<double> &x, const std::vector<uint8_t> &head, std::vector<double> &y) {
    const long n = (long)x.size();
    const int most = omp_get_max_threads();
    std::vector<double> last(most, 0.0);
    std::vector<char> starts(most, 0);
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
        for (long i = b; i < e && !head[i]; ++i) y[i] += carry;
    }
}
