// Each rank only counts matches that lie entirely inside its block of the text: matches across block boundaries are lost.
#include <cstring>
#include <mpi.h>
#include <vector>

long count_occurrences(const std::vector<char> &text, const std::vector<char> &pattern) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)text.size(), m = (long)pattern.size();
    const long lo = n * rank / size, hi = n * (rank + 1) / size;
    long mine = 0, total = 0;
    if (m > 0)
        for (long i = lo; i + m <= hi; ++i)
            if (std::memcmp(text.data() + i, pattern.data(), (size_t)m) == 0) ++mine;
    MPI_Reduce(&mine, &total, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    return total;
}
