#include <cstring>
#include <mpi.h>
#include <vector>

// The start positions 0..n-m are split in blocks over the ranks; a match starting near the
// end of a block reads past it (every rank has the whole text). The counts are summed on rank 0.
long count_occurrences(const std::vector<char> &text, const std::vector<char> &pattern) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)text.size(), m = (long)pattern.size();
    const long starts = (m == 0 || m > n) ? 0 : n - m + 1;
    const long lo = starts * rank / size, hi = starts * (rank + 1) / size;
    const char *t = text.data(), *p = pattern.data();
    long mine = 0, total = 0;
    for (long i = lo; i < hi; ++i)
        if (t[i] == p[0] && std::memcmp(t + i + 1, p + 1, (size_t)(m - 1)) == 0) ++mine;
    MPI_Reduce(&mine, &total, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
