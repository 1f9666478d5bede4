#include <omp.h>
#include <vector>

// Per-thread counts (an array reduction), combined at the end. Setting bit 5 maps 'A'..'Z'
// onto 'a'..'z' and no other byte onto a lower-case letter.
void letter_frequency(const std::vector<unsigned char> &text, std::vector<long> &counts) {
    const long n = (long)text.size();
    const unsigned char *t = text.data();
    long c[26] = {0};
#pragma omp parallel for reduction(+ : c[:26]) schedule(static)
    for (long i = 0; i < n; ++i) {
        const unsigned k = (unsigned)(t[i] | 0x20) - 'a';
        if (k < 26) ++c[k];
    }
    for (int k = 0; k < 26; ++k) counts[k] = c[k];
}
