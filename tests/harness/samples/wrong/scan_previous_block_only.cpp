// OpenMP scan whose blocks add only the previous block's total: right at 1 and 2 threads, wrong at 3 and more
#include <omp.h>
#include <vector>

void inclusive_sum(const std::vector<double> &x, std::vector<double> &y) {
    const long n = (long)x.size();
    std::vector<double> total(omp_get_max_threads() + 1, 0.0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        const long b = n * t / nt, e = n * (t + 1) / nt;
        double s = 0.0;
        for (long i = b; i < e; ++i) y[i] = s += x[i];
        total[t] = s;
#pragma omp barrier
        if (t > 0)
            for (long i = b; i < e; ++i) y[i] += total[t - 1];
    }
}
