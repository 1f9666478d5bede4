// wrong: each rank takes n / size characters starting at rank * (n / size), so when n is not a multiple of the number of ranks the last n % size characters are counted by no rank
#include <mpi.h>
#include <omp.h>
#include <vector>

void letter_frequency(const std::vector<unsigned char> &text, std::vector<long> &counts) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)text.size(), chunk = n / size, lo = rank * chunk, hi = lo + chunk;
    const unsigned char *t = text.data();
    long mine[26] = {0};
#pragma omp parallel for reduction(+ : mine[:26]) schedule(static)
    for (long i = lo; i < hi; ++i) {
        const unsigned char ch = t[i];
        if (ch >= 'a' && ch <= 'z') ++mine[ch - 'a'];
        else if (ch >= 'A' && ch <= 'Z') ++mine[ch - 'A'];
    }
    MPI_Reduce(mine, counts.data(), 26, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
}
