#include <cstdint>
#include <omp.h>
#include <vector>

void rgb_to_gray(const std::vector<uint8_t> &rgb, std::vector<uint8_t> &gray) {
    const long n = (long)gray.size();
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) {
        const unsigned r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
        gray[i] = (uint8_t)((77 * r + 150 * g + 29 * b + 128) >> 8);
    }
}
