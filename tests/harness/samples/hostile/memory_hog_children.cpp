// Hostile sample: spreads a memory hog over child processes. Each of 4 children touches
// 100 MB (under a per-process limit of more than that) and holds it; the parent reports
// how many succeeded at once, that is how much memory the sample held in total.
#include <cstdio>
#include <cstring>
#include <new>
#include <sys/wait.h>
#include <unistd.h>

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    const int children = 4;
    const std::size_t each = 100u << 20;
    int fds[2];
    if (pipe(fds) != 0) _exit(3);
    for (int i = 0; i < children; ++i) {
        if (fork() == 0) {
            char ok = 0;
            char *p = new (std::nothrow) char[each];
            if (p) {
                std::memset(p, 1, each);
                ok = 1;
            }
            if (write(fds[1], &ok, 1) != 1) _exit(4);
            for (;;) pause();  // hold the memory until the sandbox ends
        }
    }
    int held = 0;
    for (int i = 0; i < children; ++i) {
        char ok = 0;
        if (read(fds[0], &ok, 1) == 1 && ok) ++held;
    }
    std::fprintf(stderr, "hostile memory hog: held %d MB in %d children\n", held * (int)(each >> 20), held);
    std::fflush(stderr);
    _exit(17);
}
