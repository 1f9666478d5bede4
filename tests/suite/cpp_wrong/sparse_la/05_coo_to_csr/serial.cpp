// wrong: drops the entries whose duplicates sum to zero (the prompt says to keep them as explicit zeros)
#include <algorithm>
#include <cstddef>
#include <tuple>
#include <vector>

void coo_to_csr(size_t M, size_t N, const std::vector<int> &rows, const std::vector<int> &cols,
                const std::vector<double> &vals, std::vector<int> &row_ptr, std::vector<int> &col_idx,
                std::vector<double> &values) {
    std::vector<std::tuple<int, int, double>> t;
    for (size_t k = 0; k < rows.size(); ++k) t.emplace_back(rows[k], cols[k], vals[k]);
    std::stable_sort(t.begin(), t.end(), [](const auto &a, const auto &b) {
        return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b) : std::get<1>(a) < std::get<1>(b);
    });
    col_idx.clear();
    values.clear();
    std::fill(row_ptr.begin(), row_ptr.end(), 0);
    for (size_t k = 0; k < t.size();) {
        size_t e = k;
        double sum = 0;
        while (e < t.size() && std::get<0>(t[e]) == std::get<0>(t[k]) && std::get<1>(t[e]) == std::get<1>(t[k]))
            sum += std::get<2>(t[e++]);
        if (sum != 0.0) {
            col_idx.push_back(std::get<1>(t[k]));
            values.push_back(sum);
            ++row_ptr[std::get<0>(t[k]) + 1];
        }
        k = e;
    }
    for (size_t i = 0; i < M; ++i) row_ptr[i + 1] += row_ptr[i];
}
