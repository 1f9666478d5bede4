#include <cstddef>
#include <vector>

// Count the entries of each column, turn the counts into row starts of T, then walk A's rows
// in order and drop each entry into the next free slot of its column's row of T: rows of A
// come in ascending order, so every row of T comes out sorted.
void csr_transpose(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                   const std::vector<double> &values, std::vector<int> &t_row_ptr, std::vector<int> &t_col_idx,
                   std::vector<double> &t_values) {
    const int nnz = row_ptr[M];
    for (size_t j = 0; j <= N; ++j) t_row_ptr[j] = 0;
    for (int k = 0; k < nnz; ++k) ++t_row_ptr[col_idx[k] + 1];
    for (size_t j = 0; j < N; ++j) t_row_ptr[j + 1] += t_row_ptr[j];
    std::vector<int> next(t_row_ptr.begin(), t_row_ptr.end() - 1);
    for (size_t i = 0; i < M; ++i)
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
            const int p = next[col_idx[k]]++;
            t_col_idx[p] = (int)i;
            t_values[p] = values[k];
        }
}
