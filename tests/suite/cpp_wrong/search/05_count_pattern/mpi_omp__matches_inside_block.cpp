// wrong: the text is split in blocks over the ranks and each rank counts only the matches that lie wholly inside its block, so an occurrence that straddles the boundary between two ranks' blocks is counted by neither
#include <cstring>
#include <mpi.h>
#include <omp.h>
#include <vector>

long count_occurrences(const std::vector<char> &text, const std::vector<char> &pattern) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)text.size(), m = (long)pattern.size();
    const long lo = n * rank / size, hi = n * (rank + 1) / size;
    const char *t = text.data(), *p = pattern.data();
    long mine = 0, total = 0;
    if (m > 0) {
#pragma omp parallel for reduction(+ : mine) schedule(static)
        for (long i = lo; i <= hi - m; ++i)
            if (std::memcmp(t + i, p, (size_t)m) == 0) ++mine;
    }
    MPI_Reduce(&mine, &total, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
