// wrong: each thread scans its own block but never adds the totals of the blocks before it
#include <omp.h>
#include <vector>

void inclusive_sum(const std::vector<double> &x, std::vector<double> &y) {
    const long n = (long)x.size();
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        double s = 0.0;
        for (long i = n * t / nt; i < n * (t + 1) / nt; ++i) y[i] = s += x[i];
    }
}
