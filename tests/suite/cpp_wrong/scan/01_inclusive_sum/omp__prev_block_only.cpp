// wrong: each block's offset is the total of the block just before it, not of all the blocks before it (right at 1 and 2 threads only)
#include <omp.h>
#include <vector>

void inclusive_sum(const std::vector<double> &x, std::vector<double> &y) {
    const long n = (long)x.size();
    std::vector<double> tot(256, 0.0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), T = omp_get_num_threads();
        const long lo = n * t / T, hi = n * (t + 1) / T;
        double s = 0;
        for (long i = lo; i < hi; ++i) y[i] = s += x[i];
        tot[t] = s;
#pragma omp barrier
        const double off = t > 0 ? tot[t - 1] : 0.0;
        for (long i = lo; i < hi; ++i) y[i] += off;
    }
}
