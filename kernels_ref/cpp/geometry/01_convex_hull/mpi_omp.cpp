#include <algorithm>
#include <mpi.h>
#include <omp.h>
#include <vector>

// A point packed in one 64-bit key whose order is the order of (x, y).
static long long pack(long x, long y) { return (long long)x * 4294967296LL + (y + 2147483648LL); }
static long unpack_x(long long k) { return (long)(k >> 32); }
static long unpack_y(long long k) { return (long)(k & 0xFFFFFFFFLL) - 2147483648LL; }

// > 0 if a, b, c turn counter-clockwise; exact (the terms reach 4e18, their difference 8e18).
static long cross(long long a, long long b, long long c) {
    const long ax = unpack_x(a), ay = unpack_y(a);
    return (unpack_x(b) - ax) * (unpack_y(c) - ay) - (unpack_y(b) - ay) * (unpack_x(c) - ax);
}

// Andrew's monotone chain over sorted, distinct keys: the hull's corners, counter-clockwise from
// the smallest key (lower chain left to right, then upper chain right to left).
static std::vector<long long> chain(const std::vector<long long> &p) {
    const long m = (long)p.size();
    if (m <= 2) return p;
    std::vector<long long> h(2 * (size_t)m);
    long k = 0;
    for (long i = 0; i < m; ++i) {  // lower chain
        while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    for (long i = m - 2, lower = k + 1; i >= 0; --i) {  // upper chain, back to p[0]
        while (k >= lower && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
        h[k++] = p[i];
    }
    h.resize(k - 1);  // p[0] came back at the end
    return h;
}

// Output: counter-clockwise from the vertex of smallest y, then smallest x.
static void emit(const std::vector<long long> &h, std::vector<int> &hx, std::vector<int> &hy) {
    const size_t m = h.size();
    size_t s = 0;
    for (size_t k = 1; k < m; ++k)
        if (unpack_y(h[k]) < unpack_y(h[s]) || (unpack_y(h[k]) == unpack_y(h[s]) && unpack_x(h[k]) < unpack_x(h[s])))
            s = k;
    hx.resize(m), hy.resize(m);
    for (size_t k = 0; k < m; ++k) hx[k] = (int)unpack_x(h[(s + k) % m]), hy[k] = (int)unpack_y(h[(s + k) % m]);
}

static std::vector<long long> hull_of(std::vector<long long> pts) {
    std::sort(pts.begin(), pts.end());
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    return chain(pts);
}

// Every corner of the hull is a corner of the hull of the part it belongs to: each thread of each
// rank computes the hull of a contiguous part of the points; each rank combines its threads'
// corners, and rank 0 gathers the ranks' corners and computes their hull.
void convex_hull(const std::vector<int> &x, const std::vector<int> &y, std::vector<int> &hx, std::vector<int> &hy) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long n = (long)x.size(), rlo = n * rank / size, rhi = n * (rank + 1) / size;
    std::vector<std::vector<long long>> parts;
#pragma omp parallel
    {
        const long T = omp_get_num_threads(), t = omp_get_thread_num();
#pragma omp single
        parts.resize(T);
        const long lo = rlo + (rhi - rlo) * t / T, hi = rlo + (rhi - rlo) * (t + 1) / T;
        std::vector<long long> p;
        p.reserve((size_t)(hi - lo));
        for (long i = lo; i < hi; ++i) p.push_back(pack(x[i], y[i]));
        parts[t] = hull_of(std::move(p));
    }
    std::vector<long long> joined;
    for (auto &part : parts) joined.insert(joined.end(), part.begin(), part.end());
    std::vector<long long> mine = hull_of(std::move(joined));
    int count = (int)mine.size();
    std::vector<int> counts(size), displs(size);
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<long long> all;
    if (rank == 0) {
        for (int r = 1; r < size; ++r) displs[r] = displs[r - 1] + counts[r - 1];
        all.resize((size_t)displs[size - 1] + counts[size - 1]);
    }
    MPI_Gatherv(mine.data(), count, MPI_LONG_LONG, all.data(), counts.data(), displs.data(), MPI_LONG_LONG, 0,
                MPI_COMM_WORLD);
    if (rank != 0) return;
    emit(hull_of(std::move(all)), hx, hy);
}
