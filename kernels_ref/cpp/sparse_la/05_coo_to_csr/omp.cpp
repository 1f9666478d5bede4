#include <algorithm>
#include <cstddef>
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

// Each thread counts the rows of a block of triplets; a row's triplets from thread t go after
// those of threads 0..t-1, so the threads bucket their own triplets by row in parallel. Then
// the threads share out the rows: sort and merge each, count its distinct columns, and after
// a prefix sum copy the merged rows to their places.
void coo_to_csr(size_t M, size_t N, const std::vector<int> &rows, const std::vector<int> &cols,
                const std::vector<double> &vals, std::vector<int> &row_ptr, std::vector<int> &col_idx,
                std::vector<double> &values) {
    const long nnz = (long)rows.size();
    std::vector<int> cnt, start(M + 1), len(M), bc(nnz);
    std::vector<double> bv(nnz);
#pragma omp parallel
    {
        const int nt = omp_get_num_threads(), t = omp_get_thread_num();
#pragma omp single
        cnt.assign((size_t)nt * M, 0);
        const long lo = nnz * t / nt, hi = nnz * (t + 1) / nt;
        int *mine = cnt.data() + (size_t)t * M;
        for (long k = lo; k < hi; ++k) ++mine[rows[k]];
#pragma omp barrier
#pragma omp for schedule(static)
        for (long i = 0; i < (long)M; ++i) {
            int sum = 0;
            for (int s = 0; s < nt; ++s) {
                const int c = cnt[(size_t)s * M + i];
                cnt[(size_t)s * M + i] = sum;
                sum += c;
            }
            start[i + 1] = sum;
        }
#pragma omp single
        {
            start[0] = 0;
            for (size_t i = 0; i < M; ++i) start[i + 1] += start[i];
        }
        for (long k = lo; k < hi; ++k) {
            const int p = start[rows[k]] + mine[rows[k]]++;
            bc[p] = cols[k];
            bv[p] = vals[k];
        }
#pragma omp barrier
#pragma omp for schedule(dynamic, 512)
        for (long i = 0; i < (long)M; ++i) len[i] = sort_and_merge(&bc[start[i]], &bv[start[i]], start[i + 1] - start[i]);
#pragma omp single
        {
            row_ptr[0] = 0;
            for (size_t i = 0; i < M; ++i) row_ptr[i + 1] = row_ptr[i] + len[i];
            col_idx.resize(row_ptr[M]);
            values.resize(row_ptr[M]);
        }
#pragma omp for schedule(dynamic, 512)
        for (long i = 0; i < (long)M; ++i)
            for (int a = 0; a < len[i]; ++a) {
                col_idx[row_ptr[i] + a] = bc[start[i] + a];
                values[row_ptr[i] + a] = bv[start[i] + a];
            }
    }
}
