// Wrong: not a kernel at all: a host function with the kernel's name and parameters loops over the pixels on the CPU (through pointers that are device memory).
#include <cstddef>

void rgb_to_gray(const unsigned char *rgb, unsigned char *gray, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const unsigned r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
        gray[i] = (unsigned char)((77 * r + 150 * g + 29 * b + 128) >> 8);
    }
}
