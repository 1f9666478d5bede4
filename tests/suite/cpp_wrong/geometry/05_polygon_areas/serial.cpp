// Wrong: the products x*y are computed in int and overflow for coordinates near 10^6.
#include <vector>

void polygon_areas(const std::vector<int> &x, const std::vector<int> &y, const std::vector<long> &offsets,
                   std::vector<long> &area2) {
    const long P = (long)offsets.size() - 1;
    for (long p = 0; p < P; ++p) {
        const long lo = offsets[p], hi = offsets[p + 1];
        long s = 0;
        for (long k = lo; k < hi; ++k) {
            const long nx = k + 1 < hi ? k + 1 : lo;
            s += x[k] * y[nx] - x[nx] * y[k];
        }
        area2[p] = s;
    }
}
