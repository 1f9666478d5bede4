#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Rank r builds the rows [lo, hi) of T, that is A's columns lo..hi-1. Within a rank, each
// thread takes a block of A's rows and counts their entries in those columns; a column's
// entries from thread t go after those of threads 0..t-1, so each thread then scatters its
// own rows in order and every row of T comes out sorted. Rank 0 gathers the row lengths and
// the entries, which are contiguous blocks of T in rank order.
void csr_transpose(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                   const std::vector<double> &values, std::vector<int> &t_row_ptr, std::vector<int> &t_col_idx,
                   std::vector<double> &t_values) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long nnz = row_ptr[M];
    const unsigned lo = (unsigned)(N * rank / size), width = (unsigned)(N * (rank + 1) / size) - lo;
    std::vector<int> cnt, start(width + 1, 0), my_cols;
    std::vector<double> my_vals;
#pragma omp parallel
    {
        const int nt = omp_get_num_threads(), t = omp_get_thread_num();
#pragma omp single
        cnt.assign((size_t)nt * width, 0);
        auto split = [&](int s) {
            if (s >= nt) return M;
            return std::min(M, (size_t)(std::lower_bound(row_ptr.begin(), row_ptr.begin() + M + 1, nnz * s / nt) -
                                        row_ptr.begin()));
        };
        const size_t rlo = split(t), rhi = split(t + 1);
        int *mine = cnt.data() + (size_t)t * width;
        for (int k = row_ptr[rlo]; k < row_ptr[rhi]; ++k) {
            const unsigned j = (unsigned)col_idx[k] - lo;  // wraps around below lo
            if (j < width) ++mine[j];
        }
#pragma omp barrier
#pragma omp for schedule(static)
        for (long j = 0; j < (long)width; ++j) {
            int sum = 0;
            for (int s = 0; s < nt; ++s) {
                const int c = cnt[(size_t)s * width + j];
                cnt[(size_t)s * width + j] = sum;
                sum += c;
            }
            start[j + 1] = sum;
        }
#pragma omp single
        {
            for (unsigned j = 0; j < width; ++j) start[j + 1] += start[j];
            my_cols.resize(start[width]);
            my_vals.resize(start[width]);
        }
        for (size_t i = rlo; i < rhi; ++i)
            for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
                const unsigned j = (unsigned)col_idx[k] - lo;
                if (j < width) {
                    const int p = start[j] + mine[j]++;
                    my_cols[p] = (int)i;
                    my_vals[p] = values[k];
                }
            }
    }
    const int local = start[width];
    std::vector<int> lens(width);
    for (unsigned j = 0; j < width; ++j) lens[j] = start[j + 1] - start[j];
    std::vector<int> rcounts(size), rdispls(size), ecounts(size), edispls(size);
    for (int r = 0; r < size; ++r) {
        rdispls[r] = (int)(N * r / size);
        rcounts[r] = (int)(N * (r + 1) / size) - rdispls[r];
    }
    MPI_Gather(&local, 1, MPI_INT, ecounts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) edispls[r] = edispls[r - 1] + ecounts[r - 1];
    MPI_Gatherv(lens.data(), (int)width, MPI_INT, t_row_ptr.data() + 1, rcounts.data(), rdispls.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
    MPI_Gatherv(my_cols.data(), local, MPI_INT, t_col_idx.data(), ecounts.data(), edispls.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
    MPI_Gatherv(my_vals.data(), local, MPI_DOUBLE, t_values.data(), ecounts.data(), edispls.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0) {
        t_row_ptr[0] = 0;
        for (size_t j = 0; j < N; ++j) t_row_ptr[j + 1] += t_row_ptr[j];
    }
}
