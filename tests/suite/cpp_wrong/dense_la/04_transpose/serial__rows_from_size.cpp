// wrong: takes the number of rows as A.size() / N instead of M, which divides by zero when N = 0 (M > 0)
#include <vector>
#include <cstddef>
void transpose(const std::vector<double> &A, std::vector<double> &B, size_t M, size_t N) {
    const size_t rows = A.size() / N;  // number of rows of A
    (void)M;
    for (size_t i = 0; i < rows; ++i)
        for (size_t j = 0; j < N; ++j) B[j * rows + i] = A[i * N + j];
}
