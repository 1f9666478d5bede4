#include <algorithm>
#include <cstddef>
#include <omp.h>
#include <vector>

// Each thread takes a block of A's rows holding about nnz / threads entries and counts the
// entries of each column in it. A column's entries from thread t go after those of threads
// 0..t-1 in T's row, so each thread can then scatter its own rows in order, and every row of
// T comes out sorted.
void csr_transpose(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                   const std::vector<double> &values, std::vector<int> &t_row_ptr, std::vector<int> &t_col_idx,
                   std::vector<double> &t_values) {
    const long nnz = row_ptr[M];
    std::vector<int> cnt;  // threads x N: counts, then each thread's first slot within a row of T
#pragma omp parallel
    {
        const int nt = omp_get_num_threads(), t = omp_get_thread_num();
#pragma omp single
        cnt.assign((size_t)nt * N, 0);
        auto split = [&](int s) {
            if (s >= nt) return M;
            return std::min(M, (size_t)(std::lower_bound(row_ptr.begin(), row_ptr.begin() + M + 1, nnz * s / nt) -
                                        row_ptr.begin()));
        };
        const size_t lo = split(t), hi = split(t + 1);
        int *mine = cnt.data() + (size_t)t * N;
        for (int k = row_ptr[lo]; k < row_ptr[hi]; ++k) ++mine[col_idx[k]];
#pragma omp barrier
#pragma omp for schedule(static)
        for (long j = 0; j < (long)N; ++j) {
            int sum = 0;
            for (int s = 0; s < nt; ++s) {
                const int c = cnt[(size_t)s * N + j];
                cnt[(size_t)s * N + j] = sum;
                sum += c;
            }
            t_row_ptr[j + 1] = sum;
        }
#pragma omp single
        {
            t_row_ptr[0] = 0;
            for (size_t j = 0; j < N; ++j) t_row_ptr[j + 1] += t_row_ptr[j];
        }
        for (size_t i = lo; i < hi; ++i)
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
                const int j = col_idx[k];
                const int p = t_row_ptr[j] + mine[j]++;
                t_col_idx[p] = (int)i;
                t_values[p] = values[k];
            }
    }
}
