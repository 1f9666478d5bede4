#include <cstring>
#include <omp.h>
#include <vector>

// Start positions are independent: the threads split them and sum their counts.
long count_occurrences(const std::vector<char> &text, const std::vector<char> &pattern) {
    const long n = (long)text.size(), m = (long)pattern.size();
    if (m == 0 || m > n) return 0;
    const char *t = text.data(), *p = pattern.data();
    long count = 0;
#pragma omp parallel for reduction(+ : count) schedule(static)
    for (long i = 0; i <= n - m; ++i)
        if (t[i] == p[0] && std::memcmp(t + i + 1, p + 1, (size_t)(m - 1)) == 0) ++count;
    return count;
}
