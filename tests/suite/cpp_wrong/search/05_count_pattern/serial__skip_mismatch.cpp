// Skips ahead by the length of a partial match after a mismatch: misses an occurrence that starts inside it ("aab" in "aaab").
#include <vector>
long count_occurrences(const std::vector<char> &text, const std::vector<char> &pattern) {
    const size_t n = text.size(), m = pattern.size();
    if (m == 0 || m > n) return 0;
    long c = 0;
    for (size_t i = 0; i + m <= n; ) {
        size_t j = 0; while (j < m && text[i + j] == pattern[j]) ++j;
        if (j == m) { ++c; i += 1; } else i += (j ? j : 1);
    }
    return c;
}