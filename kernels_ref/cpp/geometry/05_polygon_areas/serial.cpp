#include <vector>

// Twice the signed area of each polygon by the shoelace formula, in 64-bit integers.
void polygon_areas(const std::vector<int> &x, const std::vector<int> &y, const std::vector<long> &offsets,
                   std::vector<long> &area2) {
    const long P = (long)offsets.size() - 1;
    for (long p = 0; p < P; ++p) {
        const long lo = offsets[p], hi = offsets[p + 1];
        long s = 0;
        if (hi - lo >= 3) {
            for (long k = lo; k + 1 < hi; ++k) s += (long)x[k] * y[k + 1] - (long)x[k + 1] * y[k];
            s += (long)x[hi - 1] * y[lo] - (long)x[lo] * y[hi - 1];
        }
        area2[p] = s;
    }
}
