// Wrong: the boundary test only looks at edges that are not horizontal, so points on horizontal edges get 0 or 1.
#include <cstddef>

__global__ void point_in_polygon(const int *px, const int *py, size_t m, const int *qx, const int *qy, size_t n,
                                 int *where) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const long x = qx[i], y = qy[i];
    bool inside = false;
    for (size_t k = 0, j = m - 1; k < m; j = k++) {
        const long ax = px[j], ay = py[j], bx = px[k], by = py[k];
        if ((ay > y) == (by > y) && !(ay == y || by == y)) continue;
        const long cross = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
        if (ay != by && cross == 0 && y >= min(ay, by) && y <= max(ay, by)) {
            where[i] = 2;
            return;
        }
        if ((ay > y) != (by > y) && (cross > 0) == (by > ay)) inside = !inside;
    }
    where[i] = inside ? 1 : 0;
}
