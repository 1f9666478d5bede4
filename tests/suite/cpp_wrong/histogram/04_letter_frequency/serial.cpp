// Case-sensitive: counts only the lower-case letters and misses 'A'..'Z'.
#include <vector>

void letter_frequency(const std::vector<unsigned char> &text, std::vector<long> &counts) {
    for (int k = 0; k < 26; ++k) counts[k] = 0;
    for (unsigned char c : text)
        if (c >= 'a' && c <= 'z') ++counts[c - 'a'];
}
