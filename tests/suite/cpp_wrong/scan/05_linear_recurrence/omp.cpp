// wrong: each thread runs the recurrence on its block from y = 0, ignoring the value carried in from the blocks before it
#include <omp.h>
#include <vector>

void linear_recurrence(const std::vector<double> &a, const std::vector<double> &b, std::vector<double> &y) {
    const long n = (long)a.size();
#pragma omp parallel
    {
        const int t = omp_get_thread_num(), nt = omp_get_num_threads();
        double z = 0.0;
        for (long i = n * t / nt; i < n * (t + 1) / nt; ++i) y[i] = z = a[i] * z + b[i];
    }
}
