// Counts non-overlapping occurrences: after a match it skips the whole pattern.
#include <cstring>
#include <vector>

long count_occurrences(const std::vector<char> &text, const std::vector<char> &pattern) {
    const long n = (long)text.size(), m = (long)pattern.size();
    if (m == 0 || m > n) return 0;
    long count = 0;
    for (long i = 0; i + m <= n;) {
        if (std::memcmp(text.data() + i, pattern.data(), (size_t)m) == 0) ++count, i += m;
        else ++i;
    }
    return count;
}
