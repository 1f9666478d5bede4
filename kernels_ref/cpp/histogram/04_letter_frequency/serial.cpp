#include <vector>

// Setting bit 5 maps 'A'..'Z' onto 'a'..'z' and no other byte onto a lower-case letter, so
// one range check after it recognises the letters of both cases.
void letter_frequency(const std::vector<unsigned char> &text, std::vector<long> &counts) {
    for (int k = 0; k < 26; ++k) counts[k] = 0;
    for (unsigned char c : text) {
        const unsigned k = (unsigned)(c | 0x20) - 'a';
        if (k < 26) ++counts[k];
    }
}
