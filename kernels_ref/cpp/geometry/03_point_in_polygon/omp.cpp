#include <omp.h>
#include <vector>

// 2 on the boundary, else the parity of the crossings of the ray from (x, y) towards +x, with
// edges counted half-open in y, in exact 64-bit integer arithmetic. Queries in parallel.
static int classify(const std::vector<int> &px, const std::vector<int> &py, long x, long y) {
    const long m = (long)px.size();
    bool inside = false;
    for (long k = 0, j = m - 1; k < m; j = k++) {
        const long ax = px[j], ay = py[j], bx = px[k], by = py[k];
        const long cross = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
        if (cross == 0 && x >= (ax < bx ? ax : bx) && x <= (ax < bx ? bx : ax) && y >= (ay < by ? ay : by) &&
            y <= (ay < by ? by : ay))
            return 2;
        if ((ay > y) != (by > y) && (cross > 0) == (by > ay)) inside = !inside;
    }
    return inside ? 1 : 0;
}

void point_in_polygon(const std::vector<int> &px, const std::vector<int> &py, const std::vector<int> &qx,
                      const std::vector<int> &qy, std::vector<int> &where) {
    const long n = (long)qx.size();
#pragma omp parallel for schedule(dynamic, 64)
    for (long i = 0; i < n; ++i) where[i] = classify(px, py, qx[i], qy[i]);
}
