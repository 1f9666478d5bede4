#include <algorithm>
#include <cstddef>
#include <vector>

// Right-looking elimination in blocks of B rows. For each block: eliminate within the block's
// rows (this finishes them: their multipliers and their part of U), then eliminate the block's
// columns from every row below it, a row at a time. Each entry sees the same updates, in the
// same order, as in the unblocked algorithm; the blocks keep the pivot rows in cache.
void lu(std::vector<double> &A, size_t n) {
    const size_t B = 32;
    std::vector<double> inv(B);
    for (size_t kb = 0; kb < n; kb += B) {
        const size_t ke = std::min(n, kb + B);
        for (size_t k = kb; k < ke; ++k) {
            const double *rk = &A[k * n];
            inv[k - kb] = 1.0 / rk[k];
            for (size_t r = k + 1; r < ke; ++r) {
                double *rr = &A[r * n];
                const double l = rr[k] * inv[k - kb];
                rr[k] = l;
                for (size_t j = k + 1; j < n; ++j) rr[j] -= l * rk[j];
            }
        }
        for (size_t i = ke; i < n; ++i) {
            double *ri = &A[i * n];
            for (size_t k = kb; k < ke; ++k) {
                const double *rk = &A[k * n];
                const double l = ri[k] * inv[k - kb];
                ri[k] = l;
                for (size_t j = k + 1; j < n; ++j) ri[j] -= l * rk[j];
            }
        }
    }
}
