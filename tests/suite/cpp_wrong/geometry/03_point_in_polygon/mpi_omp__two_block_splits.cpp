// wrong: each rank classifies a block of ceil(n / size) queries but the blocks are gathered with the floor split n * r / size, so when n is not a multiple of the number of ranks rank 0 receives some queries from a rank that never classified them
#include <mpi.h>
#include <omp.h>
#include <vector>

// 2 on the boundary, else the parity of the crossings of the ray from (x, y) towards +x, with
// edges counted half-open in y, in exact 64-bit integer arithmetic. Each rank classifies a
// block of the queries with its threads; rank 0 gathers them.
static int classify(const std::vector<int> &px, const std::vector<int> &py, long x, long y) {
    const long m = (long)px.size();
    bool inside = false;
    for (long k = 0, j = m - 1; k < m; j = k++) {
        const long ax = px[j], ay = py[j], bx = px[k], by = py[k];
        const long cross = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
        if (cross == 0 && x >= (ax < bx ? ax : bx) && x <= (ax < bx ? bx : ax) && y >= (ay < by ? ay : by) &&
            y <= (ay < by ? by : ay))
            return 2;
        if ((ay > y) != (by > y) && (cross > 0) == (by > ay)) inside = !inside;
    }
    return inside ? 1 : 0;
}

void point_in_polygon(const std::vector<int> &px, const std::vector<int> &py, const std::vector<int> &qx,
                      const std::vector<int> &qy, std::vector<int> &where) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)qx.size();
    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    const long chunk = (n + size - 1) / size;  // ceil(n / size) queries per rank, the last rank fewer
    const long lo = rank * chunk < n ? rank * chunk : n, hi = lo + chunk < n ? lo + chunk : n;
#pragma omp parallel for schedule(dynamic, 64)
    for (long i = lo; i < hi; ++i) where[i] = classify(px, py, qx[i], qy[i]);
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_INT, where.data(), counts.data(), displs.data(), MPI_INT, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv(where.data() + lo, counts[rank], MPI_INT, nullptr, nullptr, nullptr, MPI_INT, 0, MPI_COMM_WORLD);
}
