#include <omp.h>
#include <vector>

// Polygons in parallel with dynamic scheduling (their sizes differ widely); a polygon far
// larger than the others is summed by all threads with a reduction.
void polygon_areas(const std::vector<int> &x, const std::vector<int> &y, const std::vector<long> &offsets,
                   std::vector<long> &area2) {
    const long P = (long)offsets.size() - 1;
    if (P <= 0) return;
    const long V = offsets[P];
    const long big = V / (4L * omp_get_max_threads()) + 10000;  // summed cooperatively above this
#pragma omp parallel
    {
#pragma omp for schedule(dynamic, 64)
        for (long p = 0; p < P; ++p) {
            const long lo = offsets[p], hi = offsets[p + 1];
            if (hi - lo > big) continue;
            long s = 0;
            if (hi - lo >= 3) {
                for (long k = lo; k + 1 < hi; ++k) s += (long)x[k] * y[k + 1] - (long)x[k + 1] * y[k];
                s += (long)x[hi - 1] * y[lo] - (long)x[lo] * y[hi - 1];
            }
            area2[p] = s;
        }
        for (long p = 0; p < P; ++p) {  // every thread sees the same big polygons
            const long lo = offsets[p], hi = offsets[p + 1];
            if (hi - lo <= big) continue;
#pragma omp single
            area2[p] = (long)x[hi - 1] * y[lo] - (long)x[lo] * y[hi - 1];
            long s = 0;
#pragma omp for schedule(static)
            for (long k = lo; k < hi - 1; ++k) s += (long)x[k] * y[k + 1] - (long)x[k + 1] * y[k];
#pragma omp atomic
            area2[p] += s;
#pragma omp barrier
        }
    }
}
