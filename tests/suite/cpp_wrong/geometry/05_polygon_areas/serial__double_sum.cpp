// Sums the shoelace terms in double: not exact once the sum passes 2^53 (a polygon winding many times round the origin).
#include <vector>
void polygon_areas(const std::vector<int> &x, const std::vector<int> &y, const std::vector<long> &offsets, std::vector<long> &area2) {
    const size_t P = offsets.size() - 1;
    for (size_t p = 0; p < P; ++p) { double s = 0; long lo = offsets[p], hi = offsets[p+1];
        for (long k = lo; k < hi; ++k) { long k1 = k + 1 == hi ? lo : k + 1; s += (double)x[k] * y[k1] - (double)x[k1] * y[k]; }
        area2[p] = (long)s; }
}