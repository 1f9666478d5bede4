#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <vector>

// Triangles through v = half the sum, over v's neighbours u, of the common neighbours of u and v
// (each triangle {v, a, b} is seen from a and from b).
static long long through(const int *row_ptr, const int *col_idx, long v) {
    long long twice = 0;
    const int *vb = col_idx + row_ptr[v], *ve = col_idx + row_ptr[v + 1];
    for (const int *pu = vb; pu < ve; ++pu) {
        const int *a = vb, *b = col_idx + row_ptr[*pu], *be = col_idx + row_ptr[*pu + 1];
        while (a < ve && b < be) {
            if (*a < *b) ++a;
            else if (*b < *a) ++b;
            else ++twice, ++a, ++b;
        }
    }
    return twice / 2;
}

// Each rank counts a block of vertices with its threads; rank 0 gathers the blocks.
void triangle_count(size_t n, const std::vector<int> &row_ptr, const std::vector<int> &col_idx,
                    std::vector<long long> &count) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
#pragma omp parallel for schedule(dynamic, 64)
    for (long v = displs[rank]; v < displs[rank] + counts[rank]; ++v)
        count[v] = through(row_ptr.data(), col_idx.data(), v);
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_LONG_LONG, count.data(), counts.data(), displs.data(), MPI_LONG_LONG, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(count.data() + displs[rank], counts[rank], MPI_LONG_LONG, nullptr, nullptr, nullptr,
                    MPI_LONG_LONG, 0, MPI_COMM_WORLD);
}
