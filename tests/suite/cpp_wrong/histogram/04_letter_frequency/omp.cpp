// Recognises letters by their low five bits (1..26) for every byte from 64 up, so Latin-1 bytes such as 0xE9 are counted as letters too.
#include <omp.h>
#include <vector>

void letter_frequency(const std::vector<unsigned char> &text, std::vector<long> &counts) {
    const long n = (long)text.size();
    long c[26] = {0};
#pragma omp parallel for reduction(+ : c[:26])
    for (long i = 0; i < n; ++i) {
        const unsigned char b = text[i];
        const int k = (b & 0x1F) - 1;
        if (b >= 64 && k >= 0 && k < 26) ++c[k];
    }
    for (int k = 0; k < 26; ++k) counts[k] = c[k];
}
