#include <cstddef>

// One radix-2 Stockham stage per pass with the conjugate twiddles (no bit-reversal
// permutation: the stages sort the data as they go). Before pass p the sub-transforms have
// length ns = 2^p; thread j combines src[j] and src[j + n/2], elements k = j mod ns of two
// sub-transforms, with the twiddle exp(+pi i k / ns) into elements k and k + ns of a
// sub-transform of length 2 ns, which starts at 2 (j - k) in dst. Every pass also halves
// its outputs (exact in binary floating point), so log2(n) passes scale by 1/n.
__global__ void ifft(const double2 *src, double2 *dst, size_t n, int pass, int passes) {
    const size_t j = (size_t)blockIdx.x * blockDim.x + threadIdx.x, half = n / 2;
    if (j >= half) return;
    const size_t ns = (size_t)1 << pass, k = j & (ns - 1);
    double s, c;
    sincospi((double)k / (double)ns, &s, &c);
    const double2 a = src[j], b = src[j + half];
    const double tx = b.x * c - b.y * s, ty = b.x * s + b.y * c;
    const size_t d = ((j - k) << 1) + k;
    dst[d] = make_double2(0.5 * (a.x + tx), 0.5 * (a.y + ty));
    dst[d + ns] = make_double2(0.5 * (a.x - tx), 0.5 * (a.y - ty));
}
