// wrong: drops every triplet whose value is exactly 0.0, so a (row, column) pair given only zero values disappears instead of being kept as an explicit zero
#include <vector>
#include <cstddef>
#include <algorithm>
#include <numeric>
void coo_to_csr(size_t M, size_t N, const std::vector<int> &rows, const std::vector<int> &cols,
                const std::vector<double> &vals, std::vector<int> &row_ptr, std::vector<int> &col_idx,
                std::vector<double> &values) {
    (void)N;
    std::vector<size_t> ord;
    ord.reserve(rows.size());
    for (size_t k = 0; k < rows.size(); ++k)
        if (vals[k] != 0.0) ord.push_back(k);  // an explicit zero triplet contributes nothing
    std::sort(ord.begin(), ord.end(), [&](size_t a, size_t b) {
        return rows[a] != rows[b] ? rows[a] < rows[b] : cols[a] < cols[b]; });
    col_idx.clear(); values.clear();
    for (size_t i = 0; i <= M; ++i) row_ptr[i] = 0;
    for (size_t t = 0; t < ord.size();) {
        size_t u = t; double s = 0.0;
        while (u < ord.size() && rows[ord[u]] == rows[ord[t]] && cols[ord[u]] == cols[ord[t]]) s += vals[ord[u++]];
        row_ptr[rows[ord[t]] + 1]++;
        col_idx.push_back(cols[ord[t]]); values.push_back(s);
        t = u;
    }
    for (size_t i = 0; i < M; ++i) row_ptr[i + 1] += row_ptr[i];
}
