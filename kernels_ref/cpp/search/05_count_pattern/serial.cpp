#include <cstring>
#include <vector>

// Every start position: compare the first character, then the rest.
long count_occurrences(const std::vector<char> &text, const std::vector<char> &pattern) {
    const long n = (long)text.size(), m = (long)pattern.size();
    if (m == 0 || m > n) return 0;
    const char *t = text.data(), *p = pattern.data();
    long count = 0;
    for (long i = 0; i + m <= n; ++i)
        if (t[i] == p[0] && std::memcmp(t + i + 1, p + 1, (size_t)(m - 1)) == 0) ++count;
    return count;
}
