#include <algorithm>
#include <cstddef>
#include <mpi.h>
#include <omp.h>
#include <utility>
#include <vector>

static int sort_and_merge(int *c, double *v, int len) {
    if (len <= 64) {
        for (int a = 1; a < len; ++a) {
            const int ca = c[a];
            const double va = v[a];
            int b = a;
            for (; b > 0 && c[b - 1] > ca; --b) c[b] = c[b - 1], v[b] = v[b - 1];
            c[b] = ca, v[b] = va;
        }
    } else {
        std::vector<std::pair<int, double>> row(len);
        for (int a = 0; a < len; ++a) row[a] = {c[a], v[a]};
        std::stable_sort(row.begin(), row.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
        for (int a = 0; a < len; ++a) c[a] = row[a].first, v[a] = row[a].second;
    }
    int out = 0;
    for (int a = 0; a < len; ++a) {
        if (out > 0 && c[out - 1] == c[a]) {
            v[out - 1] += v[a];
        } else {
            c[out] = c[a], v[out] = v[a];
            ++out;
        }
    }
    return out;
}

// Rank r converts the rows [lo, hi). Its threads each count those rows in a block of the
// triplets and bucket their own triplets by row (a row's triplets from thread t after those
// of threads 0..t-1), then share out the rows to sort, merge and pack them. Rank 0 gathers the
// row lengths and the packed entries, which are contiguous blocks of the result in rank order.
void coo_to_csr(size_t M, size_t N, const std::vector<int> &rows, const std::vector<int> &cols,
                const std::vector<double> &vals, std::vector<int> &row_ptr, std::vector<int> &col_idx,
                std::vector<double> &values) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const long nnz = (long)rows.size();
    const unsigned lo = (unsigned)(M * rank / size), width = (unsigned)(M * (rank + 1) / size) - lo;
    std::vector<int> cnt, start(width + 1), lens(width), pos(width + 1), bc, pc;
    std::vector<double> bv, pv;
#pragma omp parallel
    {
        const int nt = omp_get_num_threads(), t = omp_get_thread_num();
#pragma omp single
        cnt.assign((size_t)nt * width, 0);
        const long klo = nnz * t / nt, khi = nnz * (t + 1) / nt;
        int *mine = cnt.data() + (size_t)t * width;
        for (long k = klo; k < khi; ++k) {
            const unsigned i = (unsigned)rows[k] - lo;  // wraps around below lo
            if (i < width) ++mine[i];
        }
#pragma omp barrier
#pragma omp for schedule(static)
        for (long i = 0; i < (long)width; ++i) {
            int sum = 0;
            for (int s = 0; s < nt; ++s) {
                const int c = cnt[(size_t)s * width + i];
                cnt[(size_t)s * width + i] = sum;
                sum += c;
            }
            start[i + 1] = sum;
        }
#pragma omp single
        {
            start[0] = 0;
            for (unsigned i = 0; i < width; ++i) start[i + 1] += start[i];
            bc.resize(start[width]);
            bv.resize(start[width]);
        }
        for (long k = klo; k < khi; ++k) {
            const unsigned i = (unsigned)rows[k] - lo;
            if (i < width) {
                const int p = start[i] + mine[i]++;
                bc[p] = cols[k];
                bv[p] = vals[k];
            }
        }
#pragma omp barrier
#pragma omp for schedule(dynamic, 512)
        for (long i = 0; i < (long)width; ++i)
            lens[i] = sort_and_merge(&bc[start[i]], &bv[start[i]], start[i + 1] - start[i]);
#pragma omp single
        {
            pos[0] = 0;
            for (unsigned i = 0; i < width; ++i) pos[i + 1] = pos[i] + lens[i];
            pc.resize(pos[width]);
            pv.resize(pos[width]);
        }
#pragma omp for schedule(dynamic, 512)
        for (long i = 0; i < (long)width; ++i)
            for (int a = 0; a < lens[i]; ++a) pc[pos[i] + a] = bc[start[i] + a], pv[pos[i] + a] = bv[start[i] + a];
    }
    const int out = pos[width];
    std::vector<int> rcounts(size), rdispls(size), ecounts(size), edispls(size);
    for (int r = 0; r < size; ++r) {
        rdispls[r] = (int)(M * r / size);
        rcounts[r] = (int)(M * (r + 1) / size) - rdispls[r];
    }
    MPI_Gather(&out, 1, MPI_INT, ecounts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int r = 1; r < size; ++r) edispls[r] = edispls[r - 1] + ecounts[r - 1];
    if (rank == 0) {
        col_idx.resize(edispls[size - 1] + ecounts[size - 1]);
        values.resize(col_idx.size());
    }
    MPI_Gatherv(lens.data(), (int)width, MPI_INT, row_ptr.data() + 1, rcounts.data(), rdispls.data(), MPI_INT, 0,
                MPI_COMM_WORLD);
    MPI_Gatherv(pc.data(), out, MPI_INT, col_idx.data(), ecounts.data(), edispls.data(), MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Gatherv(pv.data(), out, MPI_DOUBLE, values.data(), ecounts.data(), edispls.data(), MPI_DOUBLE, 0,
                MPI_COMM_WORLD);
    if (rank == 0) {
        row_ptr[0] = 0;
        for (size_t i = 0; i < M; ++i) row_ptr[i + 1] += row_ptr[i];
    }
}
