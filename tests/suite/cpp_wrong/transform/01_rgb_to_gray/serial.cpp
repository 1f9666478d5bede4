// wrong: reads the image as planar (all R, then all G, then all B) instead of interleaved
#include <cstddef>
#include <cstdint>
#include <vector>

void rgb_to_gray(const std::vector<uint8_t> &rgb, std::vector<uint8_t> &gray) {
    const size_t n = gray.size();
    for (size_t i = 0; i < n; ++i) gray[i] = (uint8_t)((77u * rgb[i] + 150u * rgb[n + i] + 29u * rgb[2 * n + i] + 128) >> 8);
}
