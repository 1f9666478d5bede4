#include <cstddef>

// One thread per pixel; threads past the end do nothing.
__global__ void rgb_to_gray(const unsigned char *rgb, unsigned char *gray, size_t n) {
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const unsigned r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
    gray[i] = (unsigned char)((77 * r + 150 * g + 29 * b + 128) >> 8);
}
