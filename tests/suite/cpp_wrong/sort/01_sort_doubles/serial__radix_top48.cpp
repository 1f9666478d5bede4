// Radix sort on the top 48 bits of each value only: values that differ in the low 16 bits stay unsorted.
#include <vector>
#include <cstdint>
#include <cstring>
void sort_doubles(std::vector<double> &x) {
    const size_t n = x.size(); if (n < 2) return;
    std::vector<uint64_t> k(n), t(n);
    for (size_t i = 0; i < n; ++i) { uint64_t b; std::memcpy(&b, &x[i], 8); k[i] = (b >> 63) ? ~b : (b | (1ULL << 63)); }
    // LSD radix on the top 48 bits (3 passes of 16 bits); the low 16 mantissa bits rarely matter
    for (int sh = 16; sh < 64; sh += 16) { std::vector<size_t> c(65537, 0);
        for (size_t i = 0; i < n; ++i) c[((k[i] >> sh) & 0xFFFF) + 1]++;
        for (int d = 0; d < 65536; ++d) c[d + 1] += c[d];
        for (size_t i = 0; i < n; ++i) t[c[(k[i] >> sh) & 0xFFFF]++] = k[i];
        k.swap(t); }
    for (size_t i = 0; i < n; ++i) { uint64_t b = k[i]; b = (b >> 63) ? (b & ~(1ULL << 63)) : ~b; std::memcpy(&x[i], &b, 8); }
}