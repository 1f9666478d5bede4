#include <cstdint>
#include <mpi.h>
#include <vector>

// Each rank converts a block of pixels in place in gray; rank 0 gathers the blocks.
void rgb_to_gray(const std::vector<uint8_t> &rgb, std::vector<uint8_t> &gray) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)gray.size(), lo = n * rank / size, hi = n * (rank + 1) / size;
    for (long i = lo; i < hi; ++i) {
        const unsigned r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
        gray[i] = (uint8_t)((77 * r + 150 * g + 29 * b + 128) >> 8);
    }
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_UINT8_T, gray.data(), counts.data(), displs.data(), MPI_UINT8_T, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(gray.data() + lo, counts[rank], MPI_UINT8_T, nullptr, nullptr, nullptr, MPI_UINT8_T, 0,
                    MPI_COMM_WORLD);
}
