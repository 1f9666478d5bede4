// Hostile sample: allocates and touches memory in 32 MB blocks until allocation fails
// (at most 2 GB, so that a broken limit cannot exhaust the host), reports how much it got.
#include <cstdio>
#include <cstring>
#include <new>
#include <unistd.h>

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    const std::size_t block = 32u << 20;
    std::size_t got = 0;
    try {
        while (got < (2048u << 20)) {
            char *p = new char[block];
            std::memset(p, 1, block);
            got += block;
        }
    } catch (const std::bad_alloc &) {
    }
    std::fprintf(stderr, "hostile memory hog: got %zu MB\n", got >> 20);
    std::fflush(stderr);
    _exit(17);
}
