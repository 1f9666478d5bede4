// WRONG: the spectral product takes Z[-k] as Z[n - k] without reducing modulo n, so bin 0 reads one element past the end of the buffer.
#include <cstddef>

// With L = log2(n) (passes = 2 L + 1), w1 and w2 alternate as the buffers (pass p writes
// w1 when p is even, w2 when odd, and reads what pass p - 1 wrote):
//   passes 0 .. L-1    Stockham radix-2 stages of the forward FFT of z = a + i b (pass 0
//                      reads a and b directly), so pass L-1 leaves Z = DFT(z)
//   pass L             the spectral product P[k] = DFT(a)[k] DFT(b)[k], with
//                      DFT(a)[k] = (Z[k] + conj(Z[-k])) / 2, DFT(b)[k] = (Z[k] - conj(Z[-k])) / (2i)
//   passes L+1 .. 2L   the inverse FFT's stages (conjugate twiddles); the last one writes
//                      Re(.) / n into c instead of a buffer.
// In a Stockham stage with sub-transforms of length ns, thread j combines src[j] and
// src[j + n/2] (element k = j mod ns of two sub-transforms) with exp(-+ pi i k / ns) into
// elements k and k + ns of a sub-transform of length 2 ns starting at 2 (j - k).
__global__ void circular_convolution(const double *a, const double *b, double *c, size_t n, double2 *w1, double2 *w2,
                                     int pass, int passes) {
    const size_t t = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (n == 1) {
        if (t == 0) c[0] = a[0] * b[0];
        return;
    }
    const int L = (passes - 1) / 2;
    double2 *dst = (pass & 1) ? w2 : w1;
    const double2 *src = (pass & 1) ? w1 : w2;
    if (pass == L) {  // the spectral product, one thread per bin
        if (t >= n) return;
        const double2 zk = src[t], zm = src[n - t];
        const double ar = 0.5 * (zk.x + zm.x), ai = 0.5 * (zk.y - zm.y);   // (Z[k] + conj(Z[-k])) / 2
        const double br = 0.5 * (zk.y + zm.y), bi = -0.5 * (zk.x - zm.x);  // (Z[k] - conj(Z[-k])) / (2i)
        dst[t] = make_double2(ar * br - ai * bi, ar * bi + ai * br);
        return;
    }
    const size_t half = n / 2;
    if (t >= half) return;
    const bool inverse = pass > L;
    const int stage = inverse ? pass - L - 1 : pass;
    const size_t ns = (size_t)1 << stage, k = t & (ns - 1);
    double2 u, v;
    if (pass == 0) {
        u = make_double2(a[t], b[t]);
        v = make_double2(a[t + half], b[t + half]);
    } else {
        u = src[t];
        v = src[t + half];
    }
    double s, co;
    sincospi((inverse ? 1.0 : -1.0) * (double)k / (double)ns, &s, &co);
    const double tx = v.x * co - v.y * s, ty = v.x * s + v.y * co;
    const size_t d = ((t - k) << 1) + k;
    if (pass == passes - 1) {
        c[d] = (u.x + tx) / (double)n;
        c[d + ns] = (u.x - tx) / (double)n;
    } else {
        dst[d] = make_double2(u.x + tx, u.y + ty);
        dst[d + ns] = make_double2(u.x - tx, u.y - ty);
    }
}
