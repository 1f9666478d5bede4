// wrong: rank 0 gathers the entries but never turns the gathered row lengths into row starts (t_row_ptr holds counts)
#include <cstddef>
#include <mpi.h>
#include <vector>

void csr_transpose(size_t M, size_t N, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                   const std::vector<double> &values, std::vector<int> &t_row_ptr, std::vector<int> &t_col_idx,
                   std::vector<double> &t_values) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int nnz = row_ptr[M];
    const int lo = (int)(N * rank / size), hi = (int)(N * (rank + 1) / size);
    std::vector<int> start(hi - lo + 1, 0);
    for (int k = 0; k < nnz; ++k)
        if (col_idx[k] >= lo && col_idx[k] < hi) ++start[col_idx[k] - lo + 1];
    for (int j = 0; j < hi - lo; ++j) start[j + 1] += start[j];
    const int local = start[hi - lo];
    std::vector<int> next(start.begin(), start.end() - 1), my_cols(local), lens(hi - lo);
    std::vector<double> my_vals(local);
    for (size_t i = 0; i < M; ++i)
        for (int k = row_ptr[i]; k < row_ptr[i + 1]; ++k)
            if (col_idx[k] >= lo && col_idx[k] < hi) {
                const int p = next[col_idx[k] - lo]++;
                my_cols[p] = (int)i;
                my_vals[p] = values[k];
            }
    for (int j = 0; j < hi - lo; ++j) lens[j] = start[j + 1] - start[j];
    std::vector<int> rcounts(size), rdispls(size), ecounts(size), edispls(size);
    for (int r = 0; r < size; ++r) {
        rdispls[r] = (int)(N * r / size);
        rcounts[r] = (int)(N * (r + 1) / size) - rdispls[r];
    }
    MPI_Gather(&local, 1, MPI_INT, ecounts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) edispls[r] = edispls[r - 1] + ecounts[r - 1];
    MPI_Gatherv(lens.data(), hi - lo, MPI_INT, t_row_ptr.data() + 1, rcounts.data(), rdispls.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
    MPI_Gatherv(my_cols.data(), local, MPI_INT, t_col_idx.data(), ecounts.data(), edispls.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
    MPI_Gatherv(my_vals.data(), local, MPI_DOUBLE, t_values.data(), ecounts.data(), edispls.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0) t_row_ptr[0] = 0;
}
