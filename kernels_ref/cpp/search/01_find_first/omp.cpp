#include <omp.h>
#include <vector>

// Threads take chunks in ascending order (dynamic schedule); a chunk that starts after an
// occurrence found already is skipped, so the scan stops soon after the first occurrence.
long find_first(const std::vector<int> &x, int target) {
    const long n = (long)x.size(), chunk = 1 << 15;
    const long chunks = (n + chunk - 1) / chunk;
    long best = n;
#pragma omp parallel for schedule(dynamic, 1)
    for (long c = 0; c < chunks; ++c) {
        long seen;
#pragma omp atomic read
        seen = best;
        if (c * chunk >= seen) continue;
        const long hi = c * chunk + chunk < n ? c * chunk + chunk : n;
        for (long i = c * chunk; i < hi; ++i) {
            if (x[i] == target) {
#pragma omp critical(find_first_best)
                if (i < best) {  // the write atomic too: other threads read best outside the critical section
#pragma omp atomic write
                    best = i;
                }
                break;
            }
        }
    }
    return best == n ? -1 : best;
}
