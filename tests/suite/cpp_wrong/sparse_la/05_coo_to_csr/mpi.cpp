// wrong: each rank converts a block of the triplets on its own and rank 0 concatenates the pieces, so a pair split across ranks is not merged and rows are not contiguous
#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <map>
#include <vector>

void coo_to_csr(size_t M, size_t N, const std::vector<int> &rows, const std::vector<int> &cols,
                const std::vector<double> &vals, std::vector<int> &row_ptr, std::vector<int> &col_idx,
                std::vector<double> &values) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t nnz = rows.size(), lo = nnz * rank / size, hi = nnz * (rank + 1) / size;
    std::map<std::pair<int, int>, double> mine;
    for (size_t k = lo; k < hi; ++k) mine[{rows[k], cols[k]}] += vals[k];
    std::vector<int> r, c, lens(M, 0);
    std::vector<double> v;
    for (auto &e : mine) r.push_back(e.first.first), c.push_back(e.first.second), v.push_back(e.second);
    for (int x : r) ++lens[x];
    int out = (int)c.size();
    std::vector<int> counts(size), displs(size);
    MPI_Gather(&out, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int s = 1; s < size; ++s) displs[s] = displs[s - 1] + counts[s - 1];
    if (rank == 0) {
        col_idx.resize(displs[size - 1] + counts[size - 1]);
        values.resize(col_idx.size());
    }
    MPI_Gatherv(c.data(), out, MPI_INT, col_idx.data(), counts.data(), displs.data(), MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Gatherv(v.data(), out, MPI_DOUBLE, values.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    std::vector<int> total(M, 0);
    MPI_Reduce(lens.data(), total.data(), (int)M, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        row_ptr[0] = 0;
        for (size_t i = 0; i < M; ++i) row_ptr[i + 1] = row_ptr[i] + total[i];
    }
}
