// Keeps whichever occurrence a thread finds last (a plain shared write), not the smallest index.
#include <omp.h>
#include <vector>

long find_first(const std::vector<int> &x, int target) {
    long found = -1;
    const long n = (long)x.size();
#pragma omp parallel for
    for (long i = 0; i < n; ++i)
        if (x[i] == target) found = i;
    return found;
}
