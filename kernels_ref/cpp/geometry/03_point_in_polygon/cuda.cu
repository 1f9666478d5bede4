#include <cstddef>

// One thread per query point: 2 on the boundary, else the parity of the crossings of the ray
// towards +x (edges counted half-open in y), in exact 64-bit integer arithmetic. The polygon is
// staged through shared memory in tiles that the whole block reads.
__global__ void point_in_polygon(const int *px, const int *py, size_t m, const int *qx, const int *qy, size_t n,
                                 int *where) {
    constexpr int TILE = 1024;
    __shared__ int sx[TILE + 1], sy[TILE + 1];
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    const bool active = i < n;
    const long x = active ? qx[i] : 0, y = active ? qy[i] : 0;
    bool inside = false, boundary = false;
    for (size_t base = 0; base < m; base += TILE) {
        const size_t len = m - base < TILE ? m - base : TILE;
        __syncthreads();
        for (size_t t = threadIdx.x; t <= len; t += blockDim.x) {  // the tile and the vertex after it
            const size_t k = base + t < m ? base + t : 0;
            sx[t] = px[k], sy[t] = py[k];
        }
        __syncthreads();
        if (!active || boundary) continue;
        for (size_t t = 0; t < len; ++t) {  // edge from vertex base+t to the next one
            const long ax = sx[t], ay = sy[t], bx = sx[t + 1], by = sy[t + 1];
            const long cross = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
            if (cross == 0 && x >= min(ax, bx) && x <= max(ax, bx) && y >= min(ay, by) && y <= max(ay, by)) {
                boundary = true;
                break;
            }
            if ((ay > y) != (by > y) && (cross > 0) == (by > ay)) inside = !inside;
        }
    }
    if (active) where[i] = boundary ? 2 : inside ? 1 : 0;
}
