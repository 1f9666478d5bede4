#include <cstddef>

// Grid-stride loop over the bytes, four at a time where the text allows; each block counts
// into 26 shared counters and adds them to the global counts (zeroed by the driver) once at
// the end. Setting bit 5 maps 'A'..'Z' onto 'a'..'z' and no other byte onto a lower-case
// letter.
__device__ static inline void count_byte(unsigned char c, unsigned int *local) {
    const unsigned k = (unsigned)(c | 0x20) - 'a';
    if (k < 26) atomicAdd(&local[k], 1u);
}

__global__ void letter_frequency(const unsigned char *text, size_t n, unsigned long long *counts) {
    __shared__ unsigned int local[26];
    for (int k = threadIdx.x; k < 26; k += blockDim.x) local[k] = 0;
    __syncthreads();
    const size_t stride = (size_t)gridDim.x * blockDim.x;
    const size_t first = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    // The bytes before the first 4-byte boundary, then whole words, then the tail.
    const size_t head = (size_t)((4 - ((size_t)text & 3)) & 3) < n ? (size_t)((4 - ((size_t)text & 3)) & 3) : n;
    if (first < head) count_byte(text[first], local);
    const size_t words = (n - head) / 4;
    const unsigned int *w = reinterpret_cast<const unsigned int *>(text + head);
    for (size_t i = first; i < words; i += stride) {
        const unsigned int v = w[i];
        count_byte((unsigned char)v, local);
        count_byte((unsigned char)(v >> 8), local);
        count_byte((unsigned char)(v >> 16), local);
        count_byte((unsigned char)(v >> 24), local);
    }
    for (size_t i = head + 4 * words + first; i < n; i += stride) count_byte(text[i], local);
    __syncthreads();
    for (int k = threadIdx.x; k < 26; k += blockDim.x)
        if (local[k]) atomicAdd(&counts[k], (unsigned long long)local[k]);
}
