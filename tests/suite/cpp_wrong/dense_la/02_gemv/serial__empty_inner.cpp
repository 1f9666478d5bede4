// wrong: reads A[i * N] and x[0] before the loop over the columns, so N = 0 reads past the (empty) A and x instead of giving y = 0
#include <vector>
#include <cstddef>
void gemv(const std::vector<double> &A, const std::vector<double> &x, std::vector<double> &y, size_t M, size_t N) {
    for (size_t i = 0; i < M; ++i) {
        const double *a = &A[i * N];
        double s = a[0] * x[0];
        for (size_t j = 1; j < N; ++j) s += a[j] * x[j];
        y[i] = s;
    }
}
