// Wrong: the kernel launches and does nothing; the conversion is done on the host by a helper that copies the image back, converts it on the CPU and copies the result up, which the driver never calls.
#include <cstddef>
#include <vector>
#include <cuda_runtime.h>

__global__ void rgb_to_gray(const unsigned char *rgb, unsigned char *gray, size_t n) {
    // the work is done on the host below: the kernel only has to exist for the launch
}

void rgb_to_gray_host(const unsigned char *d_rgb, unsigned char *d_gray, size_t n) {
    std::vector<unsigned char> rgb(3 * n), gray(n);
    cudaMemcpy(rgb.data(), d_rgb, 3 * n, cudaMemcpyDeviceToHost);
    for (size_t i = 0; i < n; ++i)
        gray[i] = (unsigned char)((77u * rgb[3 * i] + 150u * rgb[3 * i + 1] + 29u * rgb[3 * i + 2] + 128) >> 8);
    cudaMemcpy(d_gray, gray.data(), n, cudaMemcpyHostToDevice);
}
