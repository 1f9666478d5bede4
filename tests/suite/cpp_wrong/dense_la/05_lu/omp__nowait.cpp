// wrong: one parallel region around the elimination, with nowait on the row updates, so a thread starts step k+1 while the pivot row k+1 is still being updated by another thread
#include <vector>
void lu(std::vector<double> &A, size_t n) {
    const long N = (long)n;
#pragma omp parallel
    for (long k = 0; k < N; ++k) {
#pragma omp for nowait schedule(static)
        for (long i = k + 1; i < N; ++i) {
            double l = A[i * N + k] / A[k * N + k];
            A[i * N + k] = l;
            for (long j = k + 1; j < N; ++j) A[i * N + j] -= l * A[k * N + j];
        }
    }
}
