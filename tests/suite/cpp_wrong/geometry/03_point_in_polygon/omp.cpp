// Wrong: the classic floating-point crossing test (pnpoly) with no boundary case: points on an edge come out 0 or 1, never 2.
#include <omp.h>
#include <vector>

void point_in_polygon(const std::vector<int> &px, const std::vector<int> &py, const std::vector<int> &qx,
                      const std::vector<int> &qy, std::vector<int> &where) {
    const long n = (long)qx.size(), m = (long)px.size();
#pragma omp parallel for
    for (long i = 0; i < n; ++i) {
        const double x = qx[i], y = qy[i];
        bool c = false;
        for (long k = 0, j = m - 1; k < m; j = k++) {
            if (((py[k] > y) != (py[j] > y)) &&
                (x < (double)(px[j] - px[k]) * (y - py[k]) / (double)(py[j] - py[k]) + px[k]))
                c = !c;
        }
        where[i] = c ? 1 : 0;
    }
}
