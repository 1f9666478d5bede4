#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

// Sorts a row's (column, value) pairs by column, keeping equal columns in input order, and
// sums each run of equal columns into its first slot; returns the number of distinct columns.
static int sort_and_merge(int *c, double *v, int len) {
    if (len <= 64) {
        for (int a = 1; a < len; ++a) {  // insertion sort: rows are short
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

// Bucket the triplets by row (counting sort, which keeps their order), then sort and merge
// each row and pack the rows together.
void coo_to_csr(size_t M, size_t N, const std::vector<int> &rows, const std::vector<int> &cols,
                const std::vector<double> &vals, std::vector<int> &row_ptr, std::vector<int> &col_idx,
                std::vector<double> &values) {
    const size_t nnz = rows.size();
    std::vector<int> start(M + 1, 0);
    for (size_t k = 0; k < nnz; ++k) ++start[rows[k] + 1];
    for (size_t i = 0; i < M; ++i) start[i + 1] += start[i];
    std::vector<int> next(start.begin(), start.end() - 1), bc(nnz);
    std::vector<double> bv(nnz);
    for (size_t k = 0; k < nnz; ++k) {
        const int p = next[rows[k]]++;
        bc[p] = cols[k];
        bv[p] = vals[k];
    }
    int out = 0;  // the packed rows so far; never ahead of the row being read
    row_ptr[0] = 0;
    for (size_t i = 0; i < M; ++i) {
        const int len = sort_and_merge(&bc[start[i]], &bv[start[i]], start[i + 1] - start[i]);
        for (int a = 0; a < len; ++a) bc[out + a] = bc[start[i] + a], bv[out + a] = bv[start[i] + a];
        out += len;
        row_ptr[i + 1] = out;
    }
    bc.resize(out);
    bv.resize(out);
    col_idx.swap(bc);
    values.swap(bv);
}
