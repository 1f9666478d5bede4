// wrong: truncates instead of rounding to nearest (leaves out the + 128)
#include <cstdint>
#include <omp.h>
#include <vector>

void rgb_to_gray(const std::vector<uint8_t> &rgb, std::vector<uint8_t> &gray) {
    const long n = (long)gray.size();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) gray[i] = (uint8_t)((77 * rgb[3 * i] + 150 * rgb[3 * i + 1] + 29 * rgb[3 * i + 2]) >> 8);
}
