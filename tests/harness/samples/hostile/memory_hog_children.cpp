// Hostile sample: spreads a memory hog over child processes. Each of 4 children touches
// 100 MB (under a per-process limit of more than that) and holds it; the parent reports
// how much the children still alive hold at once, that is how much memory the sample held.
#include <cstdio>
#include <cstring>
#include <new>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
@RAW_SYSCALLS@

void axpy(double alpha, const std::vector<double> &x, const std::vector<double> &y, std::vector<double> &z) {
    const int children = 4;
    const std::size_t each = 100u << 20;
    int fds[2];
    if (pipe(fds) != 0) _exit(3);
    pid_t pids[children];
    for (int i = 0; i < children; ++i) {
        pids[i] = hostile_fork();
        if (pids[i] == 0) {
            char ok = 0;
            // volatile, and data that differs per page: the compiler may not drop the stores
            volatile char *p = new (std::nothrow) char[each];
            if (p) {
                for (std::size_t k = 0; k < each; k += 512) p[k] = (char)(k / 4096 + i);
                ok = 1;
            }
            if (write(fds[1], &ok, 1) != 1) _exit(4);
            for (;;) pause();  // hold the memory until the sandbox ends
        }
    }
    close(fds[1]);
    int touched = 0;  // a child the kernel kills for memory never reports: poll, not block
    for (int waited = 0; touched < children && waited < 40; ++waited) {
        struct pollfd pfd = {fds[0], POLLIN, 0};
        char ok = 0;
        if (poll(&pfd, 1, 100) == 1 && read(fds[0], &ok, 1) == 1 && ok) ++touched;
    }
    usleep(300000);  // a child the kernel killed for memory holds nothing: count the living
    int held = 0;
    for (int i = 0; i < children; ++i)
        if (pids[i] > 0 && waitpid(pids[i], nullptr, WNOHANG) == 0) ++held;
    std::fprintf(stderr, "hostile memory hog: held %d MB in %d children (%d touched their share)\n",
                 held * (int)(each >> 20), held, touched);
    std::fflush(stderr);
    _exit(17);
}
